namespace VirtAppliance.Descriptors.Model;

/// <summary>A first boot that installs onto the disks before the run-phase boot takes over.</summary>
public sealed record InstallPhase
{
    public string? Kernel { get; init; }

    public string? Initrd { get; init; }

    public string? Cmdline { get; init; }

    /// <summary>A storage disk id (format iso) to boot the installer from.</summary>
    public string? Iso { get; init; }
}
