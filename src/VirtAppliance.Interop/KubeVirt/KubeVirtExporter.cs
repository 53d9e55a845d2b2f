using VirtAppliance.Descriptors.Reading;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Interop.Export;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Oci.Access;

namespace VirtAppliance.Interop.KubeVirt;

/// <param name="Registry">oci://HOST[:PORT][/PREFIX]: the first disk is pushed as PREFIX/NAME, the others as PREFIX/NAME-DISKID</param>
/// <param name="UserData">cloud-init user-data (a recipe compiled by the seed compiler) for a cloudInitNoCloud volume</param>
public sealed record KubeVirtExportOptions(string Registry, string? Boot = null, string? UserData = null, RegistrySettings? Access = null);

public sealed record KubeVirtExportResult(string ManifestPath, string VariantId, IReadOnlyList<ContainerDisk.Pushed> Images, IReadOnlyList<string> Warnings);

/// <summary>A variant as KubeVirt runs it: each disk a containerDisk image in a registry, and a VirtualMachine manifest.</summary>
public static class KubeVirtExporter
{
    public static async Task<KubeVirtExportResult> ExportAsync(string descriptorPath, string manifestPath, KubeVirtExportOptions options, IProgress<TransferProgress>? progress, CancellationToken cancellation)
    {
        var descriptor = DescriptorReader.Load(descriptorPath);
        var variant = ExportVariant.Choose(descriptor, options.Boot, "KubeVirt");
        var warnings = new List<string>();
        var name = descriptor.Name.ToLowerInvariant();
        var tag = descriptor.Version is null ? "latest" : descriptor.Release is null ? descriptor.Version : $"{descriptor.Version}-{descriptor.Release}";
        var work = TemporaryFile.Folder(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, "kubevirt");
        try
        {
            var images = new List<ContainerDisk.Pushed>();
            var disks = new List<(string Name, string Image)>();
            var drives = variant.Drives.Where(d => descriptor.FindDisk(d.Disk) is { IsCdrom: false }).ToList();
            if (drives.Count < variant.Drives.Count)
            {
                warnings.Add("CD-ROM images are not exported: KubeVirt container disks are disks");
            }

            var total = drives.Sum(d => new FileInfo(Path.Combine(descriptor.BaseDirectory ?? ".", descriptor.FindDisk(d.Disk)!.File)).Length);
            long done = 0;
            foreach (var (drive, index) in drives.Select((d, i) => (d, i)))
            {
                var disk = descriptor.FindDisk(drive.Disk)!;
                var source = Path.Combine(descriptor.BaseDirectory ?? ".", disk.File);
                var diskName = KubernetesName(index == 0 ? name : $"{name}-{disk.Id}");
                var qcow2 = Path.Combine(work, diskName + ".qcow2");
                var length = new FileInfo(source).Length;
                ImageConverter.Convert(source, qcow2, new ConvertOptions { OutputFormat = FormatDetector.FromName("qcow2") }, ScaledProgress.For(progress, done, length, total), cancellation);
                done += length;
                using var registry = new OciRegistry(OciReference.ForAppliance(options.Registry, diskName), options.Access);
                var pushed = await ContainerDisk.PushAsync(qcow2, work, registry, tag, cancellation);
                images.Add(pushed);
                disks.Add((KubernetesName(disk.Id), pushed.Reference));
                File.Delete(qcow2);
            }

            var bus = ExportVariant.DiskBus(variant) switch
            {
                "ide" => "sata",
                var other => other,
            };
            var devices = descriptor.Devices;
            if (devices.Interfaces.Count > 1)
            {
                warnings.Add($"interfaces beyond the first are bridged to Multus networks net1..net{devices.Interfaces.Count - 1}, which must exist in the namespace");
            }

            var spec = new VirtualMachineSpec(
                KubernetesName(name), devices.Vcpus, Math.Max(1, devices.MemoryKiB / 1024), variant.Requirements.Firmware == "efi" ? "efi" : "bios",
                bus, disks, devices.Interfaces.Count, options.UserData,
                new Dictionary<string, string> { ["app.kubernetes.io/name"] = KubernetesName(name), ["app.kubernetes.io/version"] = tag });
            var temporary = TemporaryFile.For(manifestPath);
            try
            {
                await File.WriteAllTextAsync(temporary, VirtualMachineManifest.Write(spec), cancellation);
                File.Move(temporary, manifestPath, overwrite: true);
            }
            catch
            {
                TemporaryFile.DeleteQuietly(temporary);
                throw;
            }

            return new KubeVirtExportResult(manifestPath, variant.Id, images, warnings);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A Kubernetes object name (RFC 1123 label): lower-case letters, digits and '-', at most 63.</summary>
    public static string KubernetesName(string text)
    {
        var name = new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        name = name.Length > 63 ? name[..63].TrimEnd('-') : name;
        return name.Length == 0 ? "appliance" : name;
    }
}
