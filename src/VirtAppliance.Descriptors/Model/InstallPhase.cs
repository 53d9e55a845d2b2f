namespace VirtAppliance.Descriptors.Model;

/// <summary>A first boot that installs onto the disks before the run-phase boot takes over.</summary>
public sealed record InstallPhase
{
    /// <summary>The installer's kernel, relative to the descriptor.</summary>
    public string? Kernel { get; init; }

    /// <summary>The installer's initrd, relative to the descriptor.</summary>
    public string? Initrd { get; init; }

    /// <summary>The installer's kernel command line.</summary>
    public string? Cmdline { get; init; }

    /// <summary>A storage disk id (format iso) to boot the installer from.</summary>
    public string? Iso { get; init; }
}
