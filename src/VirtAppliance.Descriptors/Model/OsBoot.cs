namespace VirtAppliance.Descriptors.Model;

/// <summary>How the variant boots: firmware from a device, a boot loader (pygrub), or a kernel given directly.</summary>
public sealed record OsBoot
{
    /// <summary>hd or cdrom, for firmware boot.</summary>
    public string? LoaderDevice { get; init; }

    /// <summary>A boot loader program such as pygrub (Xen PV).</summary>
    public string? Loader { get; init; }

    /// <summary>A kernel to boot directly, relative to the descriptor.</summary>
    public string? Kernel { get; init; }

    /// <summary>The initrd for <see cref="Kernel"/>.</summary>
    public string? Initrd { get; init; }

    /// <summary>The kernel command line for <see cref="Kernel"/>.</summary>
    public string? Cmdline { get; init; }
}
