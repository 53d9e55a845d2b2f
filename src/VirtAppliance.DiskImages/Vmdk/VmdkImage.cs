using Microsoft.Win32.SafeHandles;
using F = VirtAppliance.DiskImages.Vmdk.VmdkFieldLocations;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>
/// A VMDK disk: its extents (sparse, flat or zero) laid end to end, from a monolithic sparse file with an embedded
/// descriptor or from a text descriptor beside its extent files. A delta link (parentCID, parentFileNameHint) is the
/// backing file. Writes go to monolithicSparse images with all grain tables present (as qemu-img and this tool create them).
/// </summary>
internal sealed class VmdkImage : DiskImage
{
    private readonly List<Part> _parts;
    private readonly VmdkDescriptor _descriptor;

    private VmdkImage(string path, bool writable, VmdkDescriptor descriptor, List<Part> parts)
        : base(path, writable)
    {
        _descriptor = descriptor;
        _parts = parts;
        Capacity = parts.Sum(p => p.Length);
    }

    public override DiskFormat Format => VmdkFormat.Instance;

    public override long Capacity { get; }

    public string CreateType => _descriptor.CreateType;

    public override string? BackingFileName => _descriptor.HasParent ? _descriptor.ParentFileNameHint : null;

    public static VmdkImage Open(string path, bool writable)
    {
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        var parts = new List<Part>();
        try
        {
            var head = new byte[F.HeaderSize];
            var read = RandomAccess.Read(handle, head, 0);
            VmdkDescriptor descriptor;
            if (VmdkSparseHeader.HasMagic(head.AsSpan(0, read)))
            {
                var extent = VmdkSparseExtent.Open(handle, path);
                descriptor = EmbeddedDescriptor(extent, path);
                parts.Add(new Part(0, extent.CapacityBytes, extent, null, 0));
            }
            else
            {
                var length = RandomAccess.GetLength(handle);
                if (length > VmdkDescriptor.MaxBytes)
                {
                    throw CorruptImage.Error(path, "VMDK descriptor", 0, $"is {length} bytes; a text descriptor is at most {VmdkDescriptor.MaxBytes}");
                }

                var text = new byte[length];
                RandomAccess.Read(handle, text, 0);
                handle.Dispose();
                descriptor = VmdkDescriptor.Parse(text, path);
                OpenExtentFiles(path, descriptor, writable, parts);
            }

            if (writable && (parts.Count != 1 || parts[0].Sparse is not { } only || only.Header.IsCompressed))
            {
                throw new NotSupportedException($"{path}: writing is supported for monolithicSparse VMDKs only (this one is {descriptor.CreateType})");
            }

            return new VmdkImage(path, writable, descriptor, parts);
        }
        catch
        {
            handle.Dispose();
            foreach (var part in parts)
            {
                part.Dispose();
            }

            throw;
        }
    }

    private static VmdkDescriptor EmbeddedDescriptor(VmdkSparseExtent extent, string path)
    {
        var header = extent.Header;
        if (header.DescriptorOffset <= 0 || header.DescriptorSize <= 0)
        {
            return VmdkDescriptor.Parse(System.Text.Encoding.ASCII.GetBytes($"createType=\"monolithicSparse\"\nRW {header.CapacitySectors} SPARSE \"{Path.GetFileName(path)}\"\n"), path);
        }

        var bytes = header.DescriptorSize * VmdkConstants.SectorSize;
        if (bytes > VmdkDescriptor.MaxBytes)
        {
            throw CorruptImage.Error(path, "VMDK descriptorSize", F.DescriptorSize, $"is {header.DescriptorSize} sectors, more than a descriptor can be");
        }

        var text = new byte[bytes];
        RandomAccess.Read(extent.Handle, text, header.DescriptorOffset * VmdkConstants.SectorSize);
        return VmdkDescriptor.Parse(text, path);
    }

    private static void OpenExtentFiles(string path, VmdkDescriptor descriptor, bool writable, List<Part> parts)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var position = 0L;
        foreach (var line in descriptor.Extents)
        {
            var length = line.Sectors * VmdkConstants.SectorSize;
            if (line.Type == "ZERO")
            {
                parts.Add(new Part(position, length, null, null, 0));
            }
            else
            {
                var file = Path.Combine(folder, line.File ?? throw CorruptImage.Error(path, $"{line.Type} extent", 0, "names no file"));
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException($"{path}: its extent file '{line.File}' does not exist", file);
                }

                var handle = File.OpenHandle(file, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
                parts.Add(line.Type == "FLAT"
                    ? new Part(position, length, null, handle, line.Offset * VmdkConstants.SectorSize)
                    : new Part(position, length, VmdkSparseExtent.Open(handle, file), null, 0));
            }

            position += length;
        }
    }

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        foreach (var (part, position, length) in Pieces(offset, buffer.Length))
        {
            var target = buffer.Slice((int)(position - offset), length);
            var within = position - part.Start;
            if (part.Flat is { } flat)
            {
                HandleIo.ReadZeroFilled(flat, target, part.FlatOffset + within);
            }
            else if (part.Sparse is { } sparse)
            {
                ReadSparse(sparse, position, within, target);
            }
            else
            {
                target.Clear();
            }
        }
    }

    private void ReadSparse(VmdkSparseExtent sparse, long guestOffset, long within, Span<byte> target)
    {
        var grainBytes = sparse.Header.GrainBytes;
        var done = 0;
        while (done < target.Length)
        {
            var grain = (within + done) / grainBytes;
            var inGrain = (within + done) % grainBytes;
            var count = (int)Math.Min(target.Length - done, grainBytes - inGrain);
            var slice = target.Slice(done, count);
            sparse.ReadGrain(grain, inGrain, slice, out var allocated);
            if (!allocated && sparse.GrainEntry(grain) == 0 && Backing is not null)
            {
                ReadFromBacking(guestOffset + done, slice);
            }

            done += count;
        }
    }

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        var sparse = _parts[0].Sparse!;
        var grainBytes = sparse.Header.GrainBytes;
        var grainBuffer = new byte[grainBytes];
        while (!data.IsEmpty)
        {
            var grain = offset / grainBytes;
            var within = offset % grainBytes;
            var count = (int)Math.Min(data.Length, grainBytes - within);
            var entry = sparse.GrainEntry(grain);
            if (entry > VmdkConstants.GteZeroed || (entry == VmdkConstants.GteZeroed && !sparse.HasZeroedEntries))
            {
                sparse.WriteInPlace(grain, within, data[..count]);
            }
            else
            {
                var grainStart = grain * grainBytes;
                var valid = (int)Math.Min(grainBytes, Capacity - grainStart);
                grainBuffer.AsSpan().Clear();
                ReadCore(grainStart, grainBuffer.AsSpan(0, valid));
                data[..count].CopyTo(grainBuffer.AsSpan((int)within));
                sparse.WriteNewGrain(grain, grainBuffer);
            }

            data = data[count..];
            offset += count;
        }
    }

    protected override void WriteZeroesCore(long offset, long length)
    {
        var zeros = new byte[Math.Min(length, 1 << 20)];
        for (var done = 0L; done < length; done += zeros.Length)
        {
            var count = (int)Math.Min(zeros.Length, length - done);
            if (GetOwnExtents(offset + done, count).Any(e => e.Kind == ExtentKind.Data) || Backing is not null)
            {
                WriteCore(offset + done, zeros.AsSpan(0, count));
            }
        }
    }

    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length) =>
        ExtentMerger.Coalesce(Pieces(offset, length).SelectMany(piece => PieceExtents(piece.Part, piece.Position, piece.Length)));

    private IEnumerable<Extent> PieceExtents(Part part, long position, long length)
    {
        if (part.Flat is not null)
        {
            yield return new Extent(position, length, ExtentKind.Data, HostOffset: part.FlatOffset + position - part.Start);
            yield break;
        }

        if (part.Sparse is not { } sparse)
        {
            yield return new Extent(position, length, ExtentKind.Zero);
            yield break;
        }

        var grainBytes = sparse.Header.GrainBytes;
        var end = position + length;
        while (position < end)
        {
            var within = position - part.Start;
            var grain = within / grainBytes;
            var count = Math.Min(end - position, grainBytes - within % grainBytes);
            var entry = sparse.GrainEntry(grain);
            yield return entry switch
            {
                0 => new Extent(position, count, Backing is null ? ExtentKind.Zero : ExtentKind.Unallocated),
                VmdkConstants.GteZeroed when sparse.HasZeroedEntries => new Extent(position, count, ExtentKind.Zero),
                _ when sparse.Header.IsCompressed => new Extent(position, count, ExtentKind.Data),
                _ => new Extent(position, count, ExtentKind.Data, HostOffset: (long)entry * VmdkConstants.SectorSize + within % grainBytes),
            };
            position += count;
        }
    }

    public override void Flush()
    {
        if (IsWritable)
        {
            _parts[0].Sparse!.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            Flush();
        }
        finally
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }
    }

    private IEnumerable<(Part Part, long Position, int Length)> Pieces(long offset, long length)
    {
        var end = offset + length;
        foreach (var part in _parts)
        {
            var start = Math.Max(offset, part.Start);
            var stop = Math.Min(end, part.Start + part.Length);
            for (var position = start; position < stop; position += int.MaxValue / 2)
            {
                yield return (part, position, (int)Math.Min(stop - position, int.MaxValue / 2));
            }
        }
    }

    private sealed record Part(long Start, long Length, VmdkSparseExtent? Sparse, SafeFileHandle? Flat, long FlatOffset) : IDisposable
    {
        public void Dispose()
        {
            Sparse?.Dispose();
            Flat?.Dispose();
        }
    }
}
