namespace VirtAppliance.Building.Kickstart;

/// <summary>A kickstart 'user' line.</summary>
internal sealed record UserSpec
{
    public required int Line { get; init; }

    public required string Name { get; init; }

    /// <summary>Null for a locked password.</summary>
    public PasswordSpec? Password { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public int? Uid { get; init; }

    public int? Gid { get; init; }

    public string? Gecos { get; init; }

    public string? HomeDirectory { get; init; }

    public string? Shell { get; init; }
}

/// <summary>A password as given: plain text (hashed with SHA-512 crypt at build time) or already crypted.</summary>
internal sealed record PasswordSpec(string Value, bool IsCrypted);
