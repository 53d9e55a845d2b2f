using System.IO.Compression;
using VirtAppliance.Building.RootFilesystem;
using VirtAppliance.Filesystems;

namespace VirtAppliance.Building.Boot;

/// <summary>
/// Generates an initramfs (gzip-compressed cpio newc) for kernels the root filesystem brings no initrd for: the host's
/// static busybox, the drivers for virtio, SCSI and SATA disks and the root filesystem (resolved through modules.dep),
/// and an /init that mounts root= and switches to it. Same inputs and time, same bytes.
/// </summary>
internal static class InitramfsBuilder
{
    /// <summary>
    /// Drivers for the disk buses a virt-appliance guest may get and the filesystems its root may use; the virtio NIC;
    /// the memory balloon ('set --memory' down); and the ACPI power button with the input events busybox's acpid reads (so that 'stop' powers the guest off).
    /// </summary>
    public static readonly IReadOnlyList<string> Drivers =
    [
        "virtio_pci", "virtio_blk", "virtio_scsi", "sd_mod", "ahci", "ata_piix", "crc32c_generic", "ext4", "virtio_net", "virtio_balloon", "button", "evdev",
    ];

    public static void Build(KernelModules modules, string output, long epoch)
    {
        var files = modules.Resolve(Drivers);
        var compressed = files.FirstOrDefault(f => !f.EndsWith(".ko", StringComparison.Ordinal));
        if (compressed is not null)
        {
            throw new NotSupportedException($"{compressed}: compressed kernel modules are not supported by the generated initramfs yet; use a kernel whose modules are plain .ko (Debian 12's)");
        }

        using var file = File.Create(output);
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
        {
            var cpio = new CpioWriter(gzip, epoch);
            foreach (var folder in new[] { "bin", "dev", "etc", "lib", "lib/modules", "newroot", "proc", "sys" })
            {
                cpio.Directory(folder);
            }

            cpio.File("bin/busybox", File.ReadAllBytes(BusyboxRoot.HostBusybox), 0x1ed);
            cpio.File("init", EmbeddedResources.Bytes(typeof(InitramfsBuilder).Assembly, "initramfs-init"), 0x1ed);
            var order = new List<string>();
            foreach (var module in files)
            {
                var name = Path.GetFileName(module);
                cpio.File("lib/modules/" + name, File.ReadAllBytes(modules.FullPath(module)));
                order.Add(name);
            }

            cpio.File("etc/modules-order", System.Text.Encoding.UTF8.GetBytes(string.Join('\n', order) + "\n"));
            cpio.Finish();
        }
    }
}
