namespace VirtAppliance.Customization.Recipes;

public static partial class RecipeReader
{
    private static Operation ReadOperation(OperationFields f)
    {
        var line = f.Line;
        return f.Name switch
        {
            "write" => new WriteOperation(line, f.GuestPath("path"), f.Required("content"), f.Attributes()),
            "upload" => new UploadOperation(line, f.Required("source"), f.GuestPath("path"), f.Attributes()),
            "copy-in" => new CopyInOperation(line, f.Required("source"), f.GuestPath("path")),
            "tar-in" => new ArchiveInOperation(line, f.Required("source"), f.GuestPath("path", required: false), IsCpio: false),
            "cpio-in" => new ArchiveInOperation(line, f.Required("source"), f.GuestPath("path", required: false), IsCpio: true),
            "mkdir" => f.IsShorthand ? new MkdirOperation(line, ShorthandPath(f), new FileSettings(null, null)) : new MkdirOperation(line, f.GuestPath("path"), f.Attributes()),
            "chmod" => new ChmodOperation(line, f.GuestPath("path"), ParseMode(f.Required("mode"), f.Error)),
            "chown" => new ChownOperation(line, f.GuestPath("path"), f.Required("owner")),
            "link" => new LinkOperation(line, f.GuestPath("path"), f.Required("target")),
            "move" => new MoveOperation(line, f.GuestPath("from"), f.GuestPath("to")),
            "delete" => new DeleteOperation(line, f.IsShorthand ? ShorthandPath(f) : f.GuestPath("path")),
            "touch" => new TouchOperation(line, f.IsShorthand ? ShorthandPath(f) : f.GuestPath("path")),
            "truncate" => new TruncateOperation(line, f.GuestPath("path"), f.Optional("size") is { } size ? ParseSize(size, f.Error) : 0),
            "append-line" => new AppendLineOperation(line, f.GuestPath("path"), OneLine(f, f.Required("line"))),
            "edit" => new EditOperation(line, f.GuestPath("path"), CheckedPattern(f, f.Required("pattern")), f.Required("replacement", strict: false)),
            "patch" => new PatchOperation(line, f.GuestPath("path"), f.Optional("diff", strict: false) ?? ReadHostFile(f, f.Required("source"))),
            "hostname" => new HostnameOperation(line, CheckedHostname(f, f.IsShorthand ? f.Shorthand() : f.Required("name"))),
            "timezone" => new TimezoneOperation(line, CheckedZone(f, f.IsShorthand ? f.Shorthand() : f.Required("zone"))),
            "user" => User(f),
            "ssh-inject" => new SshInjectOperation(line, CheckedUser(f, f.Optional("user") ?? "root"),
                [.. f.List("keys"), .. f.Optional("key-file") is { } keyFile ? [ReadHostFile(f, keyFile).Trim()] : Array.Empty<string>()]),
            "firstboot" or "everyboot" => BootScript(f),
            "reset-identity" => new ResetIdentityOperation(line),
            _ => throw f.Error("unknown operation (docs/customize.md lists them: write, upload, copy-in, tar-in, cpio-in, mkdir, chmod, chown, link, move, delete, touch, truncate, append-line, edit, patch, hostname, timezone, user, ssh-inject, firstboot, everyboot, reset-identity)"),
        };
    }

    private static UserOperation User(OperationFields f)
    {
        var crypted = f.Optional("crypted-password");
        var plain = f.Optional("password");
        if (crypted is not null && plain is not null)
        {
            throw f.Error("give 'password' or 'crypted-password', not both");
        }

        return new UserOperation(f.Line, CheckedUser(f, f.Required("name")), crypted ?? plain, crypted is not null, f.List("groups"), f.Optional("shell"),
            f.Optional("uid") is { } uid ? (int)ParseSize(uid, f.Error) : null, f.Optional("home"), f.List("ssh-keys"));
    }

    private static string ShorthandPath(OperationFields f) =>
        VirtAppliance.Filesystems.Guests.GuestPath.Normalize(f.Shorthand()) ?? throw f.Error($"'{f.Shorthand()}' must be an absolute guest path without '..'");

    private static BootScriptOperation BootScript(OperationFields f)
    {
        var script = f.IsShorthand ? f.Shorthand() : f.Optional("script", strict: false) ?? f.Optional("command", strict: false)
            ?? (f.Optional("source") is { } source ? ReadHostFile(f, source) : throw f.Error("give 'script', 'command' or 'source'"));
        var name = f.IsShorthand ? null : f.Optional("name");
        if (name is not null && !ScriptName().IsMatch(name))
        {
            throw f.Error($"name '{name}': use letters, digits, '.', '_' and '-'");
        }

        return new BootScriptOperation(f.Line, name ?? $"line-{f.Line}", script.StartsWith("#!", StringComparison.Ordinal) ? script : "#!/bin/sh\n" + script + "\n", f.Name == "everyboot");
    }

    private static string ReadHostFile(OperationFields f, string path)
    {
        try
        {
            return File.ReadAllText(f.HostPath(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw f.Error($"cannot read {path}: {exception.Message}");
        }
    }

    private static string OneLine(OperationFields f, string text) =>
        text.Contains('\n') ? throw f.Error("'line' is one line (no line breaks)") : text;

    private static string CheckedPattern(OperationFields f, string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return pattern;
        }
        catch (ArgumentException exception)
        {
            throw f.Error($"pattern is not a valid regular expression: {exception.Message}");
        }
    }

    private static string CheckedHostname(OperationFields f, string name) =>
        VirtAppliance.Filesystems.Guests.SystemNames.IsHostName(name) ? name : throw f.Error($"'{name}' is not a valid host name");

    private static string CheckedZone(OperationFields f, string zone) =>
        VirtAppliance.Filesystems.Guests.SystemNames.IsTimezone(zone) ? zone : throw f.Error($"'{zone}' is not a time zone name such as Europe/Berlin");

    private static string CheckedUser(OperationFields f, string name) =>
        VirtAppliance.Filesystems.Guests.SystemNames.IsUserName(name) ? name : throw f.Error($"user name '{name}' must start with a lower-case letter or _ and hold only a-z, 0-9, _ and -");




    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex ScriptName();
}
