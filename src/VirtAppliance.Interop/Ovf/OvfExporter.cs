using System.Text;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Interop.Export;

namespace VirtAppliance.Interop.Ovf;

/// <param name="Boot">the variant to export (default: the first x86_64 HVM one)</param>
/// <param name="Archive">an .ova (tar) rather than a folder with the .ovf, .mf and disks</param>
/// <param name="OvfVersion">1 (what VMware, VirtualBox and virt-v2v read) or 2</param>
/// <param name="Manifest">SHA256, or SHA1 for old consumers</param>
public sealed record OvfExportOptions(string? Boot = null, bool Archive = true, int OvfVersion = 1, string Manifest = "SHA256");

public sealed record ExportResult(string Path, string VariantId, long Bytes, IReadOnlyList<string> Warnings);

/// <summary>
/// A descriptor's variant as an OVF package: its disks as streamOptimized VMDK (this toolkit's writer), the envelope,
/// the manifest; an OVA as a tar of them with the .ovf first and the .mf second. Written beside the destination under
/// a temporary name and renamed when complete.
/// </summary>
public static class OvfExporter
{
    public static ExportResult Export(string descriptorPath, string destination, OvfExportOptions options, IProgress<TransferProgress>? progress, CancellationToken cancellation)
    {
        var descriptor = DescriptorReader.Load(descriptorPath);
        var variant = ExportVariant.Choose(descriptor, options.Boot, "an OVF consumer (VMware, VirtualBox, virt-v2v)");
        var warnings = new List<string>();
        var name = SafeName(descriptor.Name);
        var work = TemporaryFile.Folder(Path.GetDirectoryName(Path.GetFullPath(destination))!, "export");
        try
        {
            var package = WritePackage(descriptor, variant, name, work, options, warnings, progress, cancellation);
            var files = new List<string> { Path.Combine(work, name + ".ovf"), Path.Combine(work, name + ".mf") };
            files.AddRange(package.Files.Select(f => Path.Combine(work, f.Href)));
            long bytes;
            if (options.Archive)
            {
                var temporary = TemporaryFile.For(destination);
                try
                {
                    OvaArchive.Write(temporary, files, cancellation);
                    bytes = new FileInfo(temporary).Length;
                    File.Move(temporary, destination);
                }
                catch
                {
                    TemporaryFile.DeleteQuietly(temporary);
                    throw;
                }
            }
            else
            {
                bytes = files.Sum(f => new FileInfo(f).Length);
                Directory.Move(work, destination);
            }

            return new ExportResult(destination, variant.Id, bytes, warnings);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static OvfPackage WritePackage(
        ApplianceDescriptor descriptor, BootVariant variant, string name, string work, OvfExportOptions options, List<string> warnings,
        IProgress<TransferProgress>? progress, CancellationToken cancellation)
    {
        var bus = ExportVariant.DiskBus(variant);
        var controllers = new List<OvfController>();
        OvfController Controller(int type, string? subType)
        {
            var existing = controllers.FirstOrDefault(c => c.ResourceType == type);
            if (existing is not null)
            {
                return existing;
            }

            var controller = new OvfController($"c{controllers.Count}", type, subType);
            controllers.Add(controller);
            return controller;
        }

        var (diskType, diskSubType) = bus switch
        {
            "ide" => (ResourceTypes.IdeController, "PIIX4"),
            "sata" => (ResourceTypes.OtherStorage, "AHCI"),
            _ => (ResourceTypes.ScsiController, "lsilogic"),
        };
        if (bus == "virtio")
        {
            warnings.Add("the variant's disks are virtio; VMware and VirtualBox attach them to an LSI Logic SCSI controller, where Linux names them sdX: the guest must find its file systems by UUID or label");
        }

        var files = new List<OvfFile>();
        var disks = new List<OvfDisk>();
        var drives = new List<OvfDrive>();
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = variant.Drives.Sum(d => descriptor.FindDisk(d.Disk) is { } disk ? new FileInfo(Path.Combine(descriptor.BaseDirectory ?? ".", disk.File)).Length : 0);
        long done = 0;
        var index = 0;
        var diskNumber = 0;
        foreach (var drive in variant.Drives)
        {
            var disk = descriptor.FindDisk(drive.Disk) ?? throw new InvalidDataException($"the variant names disk '{drive.Disk}', which the storage section does not list");
            var source = Path.Combine(descriptor.BaseDirectory ?? ".", disk.File);
            var fileId = $"file{++index}";
            if (disk.IsCdrom)
            {
                var iso = $"{name}-cdrom{index}.iso";
                File.Copy(source, Path.Combine(work, iso));
                files.Add(new OvfFile(fileId, iso, new FileInfo(Path.Combine(work, iso)).Length));
                var ide = Controller(ResourceTypes.IdeController, "PIIX4");
                drives.Add(new OvfDrive(null, fileId, ide.InstanceId, drives.Count(d => d.ControllerId == ide.InstanceId), IsCdrom: true));
                continue;
            }

            var vmdk = $"{name}-disk{++diskNumber}.vmdk";
            var sourceBytes = new FileInfo(source).Length;
            var before = done;
            var result = ImageConverter.Convert(source, Path.Combine(work, vmdk),
                new ConvertOptions { OutputFormat = FormatDetector.FromName("vmdk"), Subformat = "streamOptimized" },
                ScaledProgress.For(progress, before, sourceBytes, total),
                cancellation);
            done += sourceBytes;
            var diskId = $"vmdisk{diskNumber}";
            files.Add(new OvfFile(fileId, vmdk, result.OutputBytes));
            disks.Add(new OvfDisk(diskId, fileId, result.Capacity, OvfNames.StreamOptimizedVmdk, result.DataBytes));
            var controller = Controller(diskType, diskSubType);
            var onController = drives.Count(d => d.ControllerId == controller.InstanceId);
            if (diskType == ResourceTypes.IdeController && onController >= 2)
            {
                warnings.Add($"disk {disk.Id}: an IDE controller holds two devices; the third and later disks go on a second IDE controller");
                controller = new OvfController($"c{controllers.Count}", ResourceTypes.IdeController, "PIIX4");
                controllers.Add(controller);
                onController = 0;
            }

            drives.Add(new OvfDrive(diskId, null, controller.InstanceId, onController, IsCdrom: false));
            if (drive.Target is not null)
            {
                targets[diskId] = drive.Target;
            }
        }

        var devices = descriptor.Devices;
        if (devices.Interfaces.Any(i => i.Forwards.Count > 0))
        {
            warnings.Add("published ports (forward) have no OVF form; set up port forwarding in the consumer");
        }

        if (devices.PlansHotplug || devices.Normalize)
        {
            warnings.Add("hot-plug maxima and normalized hardware are not exported");
        }

        var (osId, osType, osDescription) = OvfOperatingSystems.For(variant.Arch);
        var package = new OvfPackage
        {
            Version = options.OvfVersion,
            Name = name,
            Product = descriptor.Label ?? descriptor.Name,
            ProductVersion = descriptor.Version,
            FullVersion = descriptor.Version is null ? null : descriptor.Release is null ? descriptor.Version : $"{descriptor.Version}-{descriptor.Release}",
            Vendor = descriptor.Product?.Vendor,
            ProductUrl = descriptor.Product?.Url,
            Annotation = descriptor.Description,
            OsId = osId,
            OsType = osType,
            OsDescription = osDescription,
            Files = files,
            Disks = disks,
            Vcpus = devices.Vcpus,
            MemoryMiB = Math.Max(1, devices.MemoryKiB / 1024),
            Firmware = variant.Requirements.Firmware == "efi" ? "efi" : "bios",
            Controllers = controllers,
            Drives = drives,
            Nics = devices.Interfaces.Select(_ => new OvfNic("E1000", OvfWriter.NetworkName)).ToList(),
            Appliance = new OvfApplianceVariant(variant.Id, bus, variant.Requirements.Machine, targets),
        };
        var ovfPath = Path.Combine(work, name + ".ovf");
        using (var stream = File.Create(ovfPath))
        using (var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            OvfWriter.Write(package).Save(writer);
        }

        var algorithm = options.Manifest.ToUpperInvariant();
        var entries = new[] { name + ".ovf" }.Concat(files.Select(f => f.Href))
            .Select(f => new OvfManifest.Entry(algorithm, f, OvfManifest.Digest(algorithm, Path.Combine(work, f))))
            .ToList();
        File.WriteAllText(Path.Combine(work, name + ".mf"), new OvfManifest(entries).Write());
        return package;
    }

    /// <summary>The appliance name as a file name: letters, digits, '.', '-', '_'.</summary>
    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray()).Trim('.');
        return safe.Length == 0 ? "appliance" : safe;
    }
}
