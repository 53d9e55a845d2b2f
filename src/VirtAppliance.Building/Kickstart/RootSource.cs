namespace VirtAppliance.Building.Kickstart;

/// <summary>Where the root filesystem's files come from (the %appliance 'root' line).</summary>
internal abstract record RootSource(int Line);

/// <summary>A directory on the build host, copied with its owners, modes and times.</summary>
internal sealed record DirectoryRootSource(int Line, string Path) : RootSource(Line);

/// <summary>A tar archive (plain, gzip, xz or zstd as tar reads them).</summary>
internal sealed record TarRootSource(int Line, string Path) : RootSource(Line);

/// <summary>A Debian suite installed by mmdebstrap from the build host's apt sources (or the given mirror).</summary>
internal sealed record DebianRootSource(int Line, string Suite, string? Mirror, string Variant) : RootSource(Line);

/// <summary>A minimal root made of the build host's static busybox: init, a shell, getty and login.</summary>
internal sealed record BusyboxRootSource(int Line) : RootSource(Line);
