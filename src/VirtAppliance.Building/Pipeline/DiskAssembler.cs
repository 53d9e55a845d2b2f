using VirtAppliance.Building.FilesystemMakers;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;
using VirtAppliance.Filesystems.Tools;
using VirtAppliance.Filesystems.Fat;

namespace VirtAppliance.Building.Pipeline;

/// <summary>Writes one raw disk file: each partition's filesystem (from its staged folder), swap header, and the partition table (boot code comes with the boot loader).</summary>
internal static class DiskAssembler
{
    public static void Create(string path, DiskLayout layout, IReadOnlyDictionary<PlacedPartition, PartitionContents.Content> contents,
        string specFile, long epoch, string workFolder, CancellationToken cancellationToken)
    {
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength(layout.Size);
        }

        foreach (var partition in layout.Partitions)
        {
            var content = contents.GetValueOrDefault(partition);
            try
            {
                switch (partition.Spec.Filesystem)
                {
                    case var type when type.IsExt():
                        ExtFilesystem.Make(specFile, path, partition, content?.Folder, epoch, cancellationToken);
                        if (content is not null)
                        {
                            DebugfsFixups.Apply(path, partition.Offset, content.Ledger, epoch, workFolder, cancellationToken);
                        }

                        ExtTimestampClamp.Apply(path, partition.Offset, epoch);

                        break;
                    case FilesystemType.Vfat or FilesystemType.Efi:
                        FatFilesystem.Make(path, partition.Offset, partition.Size, partition.Spec.Label ?? (partition.Spec.Filesystem == FilesystemType.Efi ? "EFI" : "BOOT"),
                            partition.FatVolumeId, epoch, cancellationToken);
                        if (content is not null)
                        {
                            FatFilesystem.CopyIn(path, partition.Offset, content.Folder, epoch, cancellationToken);
                        }

                        break;
                    case FilesystemType.Swap:
                        SwapHeader.Write(path, partition.Offset, partition.Size, partition.FilesystemUuid, partition.Spec.Label);
                        break;
                }
            }
            catch (StepFailedException exception) when (partition.Spec.Line > 0)
            {
                var full = exception.Message.Contains("Disk full", StringComparison.OrdinalIgnoreCase) || exception.Message.Contains("No space", StringComparison.OrdinalIgnoreCase);
                throw new SpecException(specFile, partition.Spec.Line, full
                    ? $"partition {partition.Spec.MountPoint} ({partition.Spec.SizeMiB} MiB) is too small for its files: give it a larger --size\n{exception.Message}"
                    : exception.Message);
            }
        }

        PartitionTableWriter.Write(path, layout, []);
    }
}
