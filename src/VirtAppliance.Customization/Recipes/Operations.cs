namespace VirtAppliance.Customization.Recipes;

/// <summary>One step of a recipe, with the line it was written on. Paths are absolute guest paths after variable expansion.</summary>
public abstract record Operation(int Line)
{
    /// <summary>The name the recipe uses for it (write, upload, ...).</summary>
    public abstract string Name { get; }
}

/// <summary>Mode and owner given to created files; null keeps the default (0644 files, 0755 folders, root).</summary>
public sealed record FileSettings(UnixFileMode? Mode, string? Owner);

public sealed record WriteOperation(int Line, string Path, string Content, FileSettings Attributes) : Operation(Line)
{
    public override string Name => "write";
}

public sealed record UploadOperation(int Line, string Source, string Path, FileSettings Attributes) : Operation(Line)
{
    public override string Name => "upload";
}

public sealed record CopyInOperation(int Line, string Source, string Path) : Operation(Line)
{
    public override string Name => "copy-in";
}

public sealed record ArchiveInOperation(int Line, string Source, string Path, bool IsCpio) : Operation(Line)
{
    public override string Name => IsCpio ? "cpio-in" : "tar-in";
}

public sealed record MkdirOperation(int Line, string Path, FileSettings Attributes) : Operation(Line)
{
    public override string Name => "mkdir";
}

public sealed record ChmodOperation(int Line, string Path, UnixFileMode Mode) : Operation(Line)
{
    public override string Name => "chmod";
}

public sealed record ChownOperation(int Line, string Path, string Owner) : Operation(Line)
{
    public override string Name => "chown";
}

public sealed record LinkOperation(int Line, string Path, string Target) : Operation(Line)
{
    public override string Name => "link";
}

public sealed record MoveOperation(int Line, string From, string To) : Operation(Line)
{
    public override string Name => "move";
}

public sealed record DeleteOperation(int Line, string Path) : Operation(Line)
{
    public override string Name => "delete";
}

public sealed record TouchOperation(int Line, string Path) : Operation(Line)
{
    public override string Name => "touch";
}

public sealed record TruncateOperation(int Line, string Path, long Size) : Operation(Line)
{
    public override string Name => "truncate";
}

public sealed record AppendLineOperation(int Line, string Path, string Text) : Operation(Line)
{
    public override string Name => "append-line";
}

public sealed record EditOperation(int Line, string Path, string Pattern, string Replacement) : Operation(Line)
{
    public override string Name => "edit";
}

public sealed record PatchOperation(int Line, string Path, string Diff) : Operation(Line)
{
    public override string Name => "patch";
}

public sealed record HostnameOperation(int Line, string Hostname) : Operation(Line)
{
    public override string Name => "hostname";
}

public sealed record TimezoneOperation(int Line, string Zone) : Operation(Line)
{
    public override string Name => "timezone";
}

public sealed record UserOperation(int Line, string User, string? Password, bool PasswordIsCrypted, IReadOnlyList<string> Groups,
    string? Shell, int? Uid, string? Home, IReadOnlyList<string> SshKeys) : Operation(Line)
{
    public override string Name => "user";
}

public sealed record SshInjectOperation(int Line, string User, IReadOnlyList<string> Keys) : Operation(Line)
{
    public override string Name => "ssh-inject";
}

/// <summary>A script run at first boot only (EveryBoot false) or at every boot, in recipe order.</summary>
public sealed record BootScriptOperation(int Line, string ScriptName, string Script, bool EveryBoot) : Operation(Line)
{
    public override string Name => EveryBoot ? "everyboot" : "firstboot";
}

public sealed record ResetIdentityOperation(int Line) : Operation(Line)
{
    public override string Name => "reset-identity";
}
