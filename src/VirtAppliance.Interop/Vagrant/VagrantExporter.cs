using VirtAppliance.Descriptors.Reading;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Interop.Export;
using VirtAppliance.Interop.Ovf;

namespace VirtAppliance.Interop.Vagrant;

public sealed record VagrantExportResult(string Path, string VariantId, long Bytes, IReadOnlyList<string> Missing, IReadOnlyList<string> Warnings);

/// <summary>
/// A variant as a Vagrant box for the libvirt provider: a tar of metadata.json, a Vagrantfile with the appliance's
/// memory and vCPUs, and box.img (the boot disk as compressed qcow2). What the guest lacks for `vagrant up` is reported.
/// </summary>
public static class VagrantExporter
{
    public static VagrantExportResult Export(string descriptorPath, string boxPath, string? boot, IProgress<TransferProgress>? progress, CancellationToken cancellation)
    {
        var descriptor = DescriptorReader.Load(descriptorPath);
        var variant = ExportVariant.Choose(descriptor, boot, "Vagrant (libvirt provider)");
        var warnings = new List<string>();
        var drives = variant.Drives.Where(d => descriptor.FindDisk(d.Disk) is { IsCdrom: false }).ToList();
        if (drives.Count == 0)
        {
            throw new NotSupportedException($"variant {variant.Id} has no disk to put in a box");
        }

        if (drives.Count > 1)
        {
            warnings.Add($"a box holds one disk: only {drives[0].Disk} is exported; add the others in the project's Vagrantfile (libvirt.storage)");
        }

        var source = Path.Combine(descriptor.BaseDirectory ?? ".", descriptor.FindDisk(drives[0].Disk)!.File);
        var work = TemporaryFile.Folder(Path.GetDirectoryName(Path.GetFullPath(boxPath))!, "vagrant");
        try
        {
            var image = Path.Combine(work, "box.img");
            var converted = ImageConverter.Convert(source, image, new ConvertOptions { OutputFormat = FormatDetector.FromName("qcow2"), Compress = true }, progress, cancellation);
            var missing = VagrantReadiness.Missing(image, cancellation);
            var bus = ExportVariant.DiskBus(variant) is var chosen and ("ide" or "sata" or "scsi" or "virtio") ? chosen : "virtio";
            File.WriteAllText(Path.Combine(work, "metadata.json"), VagrantBoxFiles.Metadata(converted.Capacity));
            File.WriteAllText(Path.Combine(work, "Vagrantfile"), VagrantBoxFiles.Vagrantfile(Math.Max(1, descriptor.Devices.MemoryKiB / 1024), descriptor.Devices.Vcpus, bus, variant.Requirements.Firmware == "efi"));
            var temporary = TemporaryFile.For(boxPath);
            try
            {
                OvaArchive.Write(temporary, [Path.Combine(work, "metadata.json"), Path.Combine(work, "Vagrantfile"), image], cancellation);
                File.Move(temporary, boxPath);
            }
            catch
            {
                TemporaryFile.DeleteQuietly(temporary);
                throw;
            }

            return new VagrantExportResult(boxPath, variant.Id, new FileInfo(boxPath).Length, missing, warnings);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
