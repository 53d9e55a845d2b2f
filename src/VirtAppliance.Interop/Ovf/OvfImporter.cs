using System.Security.Cryptography;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Writing;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Interop.Ovf;

public sealed record ImportResult(string DescriptorPath, ApplianceDescriptor Descriptor, IReadOnlyList<string> Warnings);

/// <summary>
/// An OVA or OVF (1.x or 2.x; VMware, VirtualBox, virt-v2v, this toolkit) as an appliance folder: a schema 2
/// descriptor with one variant, and the disks converted to qcow2. The manifest is verified before any disk is read;
/// disks that name other files (backing files, VMDK extents) are refused, as is a disk larger than declared. The
/// folder appears under its final name only when complete.
/// </summary>
public static class OvfImporter
{
    public static ImportResult Import(string package, string destination, IProgress<TransferProgress>? progress, CancellationToken cancellation)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var work = TemporaryFile.Folder(parent, "import");
        try
        {
            string source;
            string ovfName;
            if (package.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase))
            {
                source = Path.GetDirectoryName(Path.GetFullPath(package))!;
                ovfName = Path.GetFileName(package);
            }
            else
            {
                source = Directory.CreateDirectory(Path.Combine(work, "package")).FullName;
                var members = OvaArchive.Extract(package, source, cancellation);
                ovfName = members.FirstOrDefault(m => m.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidDataException($"{package}: the archive holds no .ovf envelope");
            }

            var result = ConvertPackage(source, ovfName, Directory.CreateDirectory(Path.Combine(work, "appliance")).FullName, progress, cancellation);
            Directory.Move(Path.Combine(work, "appliance"), destination);
            return result with { DescriptorPath = Path.Combine(destination, Path.GetFileName(result.DescriptorPath)) };
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static ImportResult ConvertPackage(string folder, string ovfName, string output, IProgress<TransferProgress>? progress, CancellationToken cancellation)
    {
        var ovfPath = Path.Combine(folder, ovfName);
        var package = OvfReader.Read(ovfPath);
        var warnings = package.Unmapped.Select(u => $"not imported: {u}").ToList();
        VerifyManifest(folder, ovfName, package, warnings);

        var attached = package.Drives.Where(d => !d.IsCdrom && d.DiskId is not null).Select(d => d.DiskId!).Distinct().ToList();
        var disks = attached.Select(id => package.FindDisk(id)!).Concat(package.Disks.Where(d => !attached.Contains(d.DiskId))).ToList();
        if (disks.Count == 0)
        {
            throw new InvalidDataException($"{ovfName}: the package has no disk to import");
        }

        var total = disks.Sum(d => package.FindFile(d.FileRef) is { } f ? new FileInfo(Path.Combine(folder, f.Href)).Length : 0);
        long done = 0;
        var definitions = new List<DiskDefinition>();
        var mappings = new List<DriveMapping>();
        var bus = package.Appliance?.DiskBus ?? Bus(package, disks[0].DiskId);
        var index = 0;
        foreach (var disk in disks)
        {
            cancellation.ThrowIfCancellationRequested();
            var file = package.FindFile(disk.FileRef) ?? throw new InvalidDataException($"{ovfName}: disk '{disk.DiskId}' names no file in References (ovf:fileRef '{disk.FileRef}')");
            var source = Path.Combine(folder, file.Href);
            if (!File.Exists(source))
            {
                throw new InvalidDataException($"{ovfName}: disk '{disk.DiskId}' is the file '{file.Href}', which the package does not hold");
            }

            CheckDisk(source, file, disk, ovfName);
            var target = $"{SafeId(disk.DiskId)}.qcow2";
            var before = done;
            var length = new FileInfo(source).Length;
            var converted = ImageConverter.Convert(source, Path.Combine(output, target), new ConvertOptions { OutputFormat = FormatDetector.FromName("qcow2") },
                ScaledProgress.For(progress, before, length, total), cancellation);
            done += length;
            var id = SafeId(disk.DiskId);
            definitions.Add(new DiskDefinition
            {
                Id = id,
                File = target,
                Format = "qcow2",
                SizeBytes = converted.Capacity,
                Checksums = new Dictionary<string, string> { ["sha256"] = Sha256(Path.Combine(output, target)) },
            });
            mappings.Add(new DriveMapping(id, package.Appliance?.Targets.GetValueOrDefault(disk.DiskId) ?? TargetName(bus, index++)));
            if (!attached.Contains(disk.DiskId))
            {
                warnings.Add($"disk '{disk.DiskId}' is attached to no controller; it is imported as the next drive");
            }
        }

        if (package.Drives.Any(d => d.IsCdrom))
        {
            warnings.Add("not imported: CD/DVD drives");
        }

        var version = package.ProductVersion is { } v && System.Text.RegularExpressions.Regex.IsMatch(v, @"^[0-9.]{1,32}(-[0-9.]{1,32})?$") ? v : null;
        var productVersion = version is null ? package.ProductVersion : null;
        var descriptor = new ApplianceDescriptor
        {
            SchemaVersion = 2,
            Name = DescriptorName(package.Name),
            Version = version,
            Label = package.Product,
            Description = package.Annotation,
            Product = package.Vendor is null && package.ProductUrl is null && productVersion is null ? null : new ProductInfo(package.Vendor, productVersion, package.ProductUrl),
            Boots =
            [
                new BootVariant
                {
                    Index = 0,
                    Id = package.Appliance?.Id ?? "hvm",
                    Type = BootType.Hvm,
                    Arch = OvfOperatingSystems.Arch(package.OsId, package.OsType),
                    Os = new OsBoot { LoaderDevice = "hd" },
                    Drives = mappings,
                    Requirements = new VariantRequirements { Firmware = package.Firmware == "efi" ? "efi" : null, DiskBus = bus, Machine = package.Appliance?.Machine },
                },
            ],
            Devices = new DeviceSettings
            {
                Vcpus = package.Vcpus,
                MemoryKiB = package.MemoryMiB * 1024,
                Interfaces = package.Nics.Select(_ => new NetworkInterface(null, [])).ToList(),
            },
            Disks = definitions,
        };
        var descriptorPath = Path.Combine(output, descriptor.Name + ".xml");
        File.WriteAllText(descriptorPath, DescriptorWriter.ToXml(descriptor));
        return new ImportResult(descriptorPath, descriptor, warnings);
    }

    /// <summary>Every manifest line must match its file; a file the envelope references but the manifest omits is a warning.</summary>
    private static void VerifyManifest(string folder, string ovfName, OvfPackage package, List<string> warnings)
    {
        var manifestPath = Path.Combine(folder, Path.ChangeExtension(ovfName, ".mf"));
        if (!File.Exists(manifestPath))
        {
            warnings.Add("the package has no manifest (.mf): its files are not verified");
            return;
        }

        var manifest = OvfManifest.Parse(File.ReadAllBytes(manifestPath), Path.GetFileName(manifestPath));
        foreach (var entry in manifest.Entries)
        {
            if (entry.File.Contains('/') || entry.File.Contains('\\') || entry.File is "." or "..")
            {
                throw new InvalidDataException($"{Path.GetFileName(manifestPath)}: the entry '{entry.File}' is not a file of the package");
            }

            var path = Path.Combine(folder, entry.File);
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{Path.GetFileName(manifestPath)}: lists '{entry.File}', which the package does not hold");
            }

            var actual = OvfManifest.Digest(entry.Algorithm, path);
            if (actual != entry.Hex)
            {
                throw new InvalidDataException($"{entry.File}: its {entry.Algorithm} is {actual}, but the manifest says {entry.Hex} (the package is damaged or was altered)");
            }
        }

        foreach (var missing in package.Files.Where(f => manifest.Entries.All(e => e.File != f.Href)))
        {
            warnings.Add($"the manifest does not list '{missing.Href}': it is not verified");
        }
    }

    /// <summary>Refuses what would reach beyond the file (a backing file, VMDK extents) and a disk larger than the envelope says.</summary>
    private static void CheckDisk(string path, OvfFile file, OvfDisk disk, string ovfName)
    {
        var length = new FileInfo(path).Length;
        if (file.Size is { } declared && length > declared)
        {
            throw new InvalidDataException($"{file.Href}: {length} bytes, but the envelope declares {declared}");
        }

        var format = FormatDetector.Detect(path);
        if (format.Name == "vmdk")
        {
            Span<byte> magic = stackalloc byte[4];
            using var stream = File.OpenRead(path);
            if (stream.Read(magic) < 4 || !magic.SequenceEqual("KDMV"u8))
            {
                throw new InvalidDataException($"{file.Href}: a VMDK text descriptor, which names other files; an OVF disk must be one sparse or streamOptimized VMDK");
            }
        }

        using var image = format.Open(path, writable: false);
        if (image.BackingFileName is { } backing)
        {
            throw new InvalidDataException($"{file.Href}: a {format.Name} image with the backing file '{backing}'; an OVF disk must stand alone");
        }

        if (disk.Capacity is { } capacity && image.Capacity > capacity)
        {
            throw new InvalidDataException($"{file.Href}: its virtual size is {image.Capacity} bytes, larger than the {capacity} the envelope declares for disk '{disk.DiskId}'");
        }
    }

    private static string Bus(OvfPackage package, string diskId)
    {
        var drive = package.Drives.FirstOrDefault(d => d.DiskId == diskId);
        return package.Controllers.FirstOrDefault(c => c.InstanceId == drive?.ControllerId)?.Bus ?? "sata";
    }

    private static string TargetName(string bus, int index) =>
        DiskBuses.Name(bus is "ide" or "virtio" or "xen" ? DiskBuses.PrefixOf(bus) : "sd", index);

    private static string SafeId(string id)
    {
        var safe = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('.');
        return safe.Length == 0 ? "disk" : safe;
    }

    /// <summary>A descriptor name (lower-case letters, digits, '-', '.', '_').</summary>
    private static string DescriptorName(string name)
    {
        var safe = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-', '.');
        return safe.Length == 0 ? "imported" : safe.Length > 64 ? safe[..64] : safe;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
