using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Interop.Export;

/// <summary>The one variant an export carries: the one named, else the first x86_64 HVM variant (else the first HVM one).</summary>
public static class ExportVariant
{
    public static BootVariant Choose(ApplianceDescriptor descriptor, string? boot, string consumer)
    {
        if (boot is not null)
        {
            var named = descriptor.Boots.FirstOrDefault(b => b.Id == boot)
                ?? throw new ArgumentException($"--boot {boot}: the appliance has no such variant ({string.Join(", ", descriptor.Boots.Select(b => b.Id))})");
            return Exportable(named, consumer);
        }

        var hvm = descriptor.Boots.Where(b => b.Type == BootType.Hvm).ToList();
        var chosen = hvm.FirstOrDefault(b => b.Arch == "x86_64") ?? hvm.FirstOrDefault()
            ?? throw new NotSupportedException($"{descriptor.Name} has only Xen paravirtual variants; {consumer} runs full (HVM) virtual machines");
        return Exportable(chosen, consumer);
    }

    /// <summary>The variant must boot from its own disk: the consumers have no way to boot a kernel given beside it.</summary>
    private static BootVariant Exportable(BootVariant variant, string consumer)
    {
        if (variant.Type != BootType.Hvm)
        {
            throw new NotSupportedException($"variant {variant.Id} is Xen paravirtual; {consumer} runs full (HVM) virtual machines: choose an HVM variant with --boot");
        }

        if (variant.Os.Kernel is not null)
        {
            throw new NotSupportedException($"variant {variant.Id} boots a kernel given beside its disks ({variant.Os.Kernel}); {consumer} boots from the disk: choose a variant with a boot loader on its disk");
        }

        if (variant.Arch is not ("x86_64" or "i686" or "i586" or "i386"))
        {
            throw new NotSupportedException($"variant {variant.Id} is {variant.Arch}; {consumer} exports are for x86 guests");
        }

        return variant;
    }

    /// <summary>virtio, sata, scsi, ide: the variant's declared bus, else the one its first drive's name implies.</summary>
    public static string DiskBus(BootVariant variant) =>
        variant.Requirements.DiskBus
        ?? variant.Drives.Select(d => d.Target).OfType<string>().Select(DiskBuses.TryFromTarget).FirstOrDefault(b => b is "virtio" or "ide" or "sata")
        ?? "virtio";
}
