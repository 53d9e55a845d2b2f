using VirtAppliance.Building.Kickstart;

namespace VirtAppliance.Building.Layout;

/// <summary>Places a disk's partitions: 1 MiB aligned, in spec order, --grow partitions sharing what a given disk size leaves.</summary>
internal static class LayoutPlanner
{
    public const long Alignment = 1 << 20;

    /// <summary>Room kept at the end of a GPT disk for the backup table (33 sectors, rounded to the alignment).</summary>
    private const long GptTail = Alignment;

    private const int MbrPrimaryLimit = 4;

    private const long MbrSectorLimit = uint.MaxValue;

    public static DiskLayout Plan(
        string specFile, string disk, IReadOnlyList<PartitionSpec> partitions, long? diskSizeMiB, PartitionTable table,
        PartitionSpec? bootable, DeterministicIds ids)
    {
        if (table == PartitionTable.Msdos && partitions.Count > MbrPrimaryLimit)
        {
            throw new SpecException(specFile, partitions[MbrPrimaryLimit].Line,
                $"disk {disk} has {partitions.Count} partitions; an msdos label holds {MbrPrimaryLimit} (use clearpart --disklabel gpt)");
        }

        if (table == PartitionTable.Msdos && partitions.FirstOrDefault(p => p.Filesystem == FilesystemType.BiosBoot) is { } biosBoot)
        {
            throw new SpecException(specFile, biosBoot.Line, "a biosboot partition belongs on a GPT disk (clearpart --disklabel gpt)");
        }

        var tail = table == PartitionTable.Gpt ? GptTail : 0;
        var sizes = partitions.Select(p => p.SizeMiB * Alignment).ToArray();
        long size;
        if (diskSizeMiB is { } given)
        {
            size = given * Alignment;
            Grow(partitions, sizes, size - Alignment - tail);
            var used = Alignment + tail;
            for (var i = 0; i < partitions.Count; i++)
            {
                used += sizes[i];
                if (used > size)
                {
                    throw new SpecException(specFile, partitions[i].Line,
                        $"partition {partitions[i].MountPoint} does not fit on disk {disk}: the partitions need {(used + Alignment - 1) / Alignment} MiB of its {given} MiB");
                }
            }
        }
        else
        {
            size = Alignment + sizes.Sum() + tail;
        }

        var placed = new List<PlacedPartition>();
        var offset = Alignment;
        for (var i = 0; i < partitions.Count; i++)
        {
            var spec = partitions[i];
            if (table == PartitionTable.Msdos && (offset + sizes[i]) / 512 > MbrSectorLimit)
            {
                throw new SpecException(specFile, spec.Line, $"partition {spec.MountPoint} ends beyond 2 TiB, which an msdos label cannot address (use gpt)");
            }

            var purpose = $"{disk}:{i + 1}";
            placed.Add(new PlacedPartition
            {
                Spec = spec,
                Number = i + 1,
                Offset = offset,
                Size = sizes[i],
                PartitionUuid = ids.Uuid("partition:" + purpose),
                FilesystemUuid = ids.Uuid("filesystem:" + purpose),
                FatVolumeId = ids.Number("volume-id:" + purpose),
                Bootable = ReferenceEquals(spec, bootable),
            });
            offset += sizes[i];
        }

        return new DiskLayout
        {
            Name = disk,
            Size = size,
            Table = table,
            DiskGuid = ids.Uuid("disk:" + disk),
            MbrSignature = ids.Number("mbr:" + disk),
            Partitions = placed,
        };
    }

    /// <summary>Shares the space left among --grow partitions, each up to its --maxsize; what a capped one cannot take goes to the others.</summary>
    private static void Grow(IReadOnlyList<PartitionSpec> partitions, long[] sizes, long available)
    {
        var growing = Enumerable.Range(0, partitions.Count).Where(i => partitions[i].Grow).ToList();
        var free = available - sizes.Sum();
        while (growing.Count > 0 && free >= Alignment)
        {
            var share = free / growing.Count / Alignment * Alignment;
            if (share == 0)
            {
                share = Alignment;
            }

            foreach (var i in growing.ToList())
            {
                var cap = partitions[i].MaxSizeMiB is { } max ? max * Alignment : long.MaxValue;
                var add = Math.Min(Math.Min(share, cap - sizes[i]), free);
                sizes[i] += add;
                free -= add;
                if (sizes[i] >= cap)
                {
                    growing.Remove(i);
                }

                if (free < Alignment)
                {
                    break;
                }
            }
        }
    }
}
