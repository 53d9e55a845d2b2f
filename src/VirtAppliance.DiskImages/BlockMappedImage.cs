using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages;

/// <summary>
/// A disk stored in blocks found through a table (VDI block map, VHD BAT, VHDX BAT). Subclasses say where each run of
/// guest bytes lives; reading, zeroing, the allocation map and closing are shared.
/// </summary>
internal abstract class BlockMappedImage : DiskImage, IWriteLayout
{
    /// <summary>A run the image does not store: it reads as zeros.</summary>
    private protected const long Unstored = -1;

    /// <summary>A run the image leaves to its parent (differencing disks).</summary>
    private protected const long FromParent = -2;

    private protected BlockMappedImage(string path, bool writable, SafeFileHandle handle)
        : base(path, writable)
    {
        Handle = handle;
    }

    private protected SafeFileHandle Handle { get; }

    SafeFileHandle IWriteLayout.DataFile => Handle;

    WritePlacement IWriteLayout.Placement => Placement;

    long IWriteLayout.AppendOffset => AppendOffset;

    void IWriteLayout.TrimToContent() => TrimToContent();

    /// <summary>Where newly written blocks go (<see cref="IWriteLayout"/>); unknown unless the format says.</summary>
    private protected virtual WritePlacement Placement => WritePlacement.Unknown;

    private protected virtual long AppendOffset => throw new NotSupportedException($"{Format.Name} images do not append");

    private protected virtual void TrimToContent()
    {
    }

    /// <summary>Extends the file to at least the given length (never shortens: a page-cache warmer may be ahead).</summary>
    private protected void GrowTo(long length)
    {
        if (RandomAccess.GetLength(Handle) < length)
        {
            RandomAccess.SetLength(Handle, length);
        }
    }

    private protected abstract long BlockSize { get; }

    /// <summary>Where a block's data starts in the file, or −1 when the block is not stored.</summary>
    private protected abstract long BlockData(long block);

    /// <summary>Stores a new block (its data reading as zeros) and returns where its data starts.</summary>
    private protected abstract long AllocateBlock(long block);

    /// <summary>Called before each write: refuse it, or record that the image is being changed.</summary>
    private protected virtual void BeforeWrite()
    {
    }

    /// <summary>Runs of guest bytes, each inside one block: the host offset of its data, or <see cref="Unstored"/> / <see cref="FromParent"/>.</summary>
    private protected virtual IEnumerable<(long Offset, int Length, long Host)> Runs(long offset, long length)
    {
        var end = offset + length;
        while (offset < end)
        {
            var block = offset / BlockSize;
            var within = offset % BlockSize;
            var count = (int)Math.Min(end - offset, Math.Min(BlockSize - within, int.MaxValue / 2));
            var host = BlockData(block);
            yield return (offset, count, host < 0 ? Unstored : host + within);
            offset += count;
        }
    }

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        BeforeWrite();
        while (!data.IsEmpty)
        {
            var block = offset / BlockSize;
            var within = offset % BlockSize;
            var count = (int)Math.Min(data.Length, BlockSize - within);
            var host = BlockData(block);
            if (host < 0)
            {
                host = AllocateBlock(block);
            }

            HostFile.WriteData(Handle, data[..count], host + within);
            data = data[count..];
            offset += count;
        }
    }

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        foreach (var (position, length, host) in Runs(offset, buffer.Length))
        {
            var target = buffer.Slice((int)(position - offset), length);
            switch (host)
            {
                case >= 0:
                    HandleIo.ReadZeroFilled(Handle, target, host);
                    break;
                case FromParent:
                    ReadFromBacking(position, target);
                    break;
                default:
                    target.Clear();
                    break;
            }
        }
    }

    /// <summary>Stored runs are overwritten with zeros; runs that are not stored already read as zeros.</summary>
    protected override void WriteZeroesCore(long offset, long length)
    {
        var zeros = new byte[Math.Min(length, 1 << 20)];
        foreach (var (position, count, host) in Runs(offset, length).ToList())
        {
            for (var done = 0L; host >= 0 && done < count; done += zeros.Length)
            {
                WriteCore(position + done, zeros.AsSpan(0, (int)Math.Min(zeros.Length, count - done)));
            }
        }
    }

    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length) =>
        ExtentMerger.Coalesce(Runs(offset, length).Select(run => run.Host switch
        {
            >= 0 => new Extent(run.Offset, run.Length, ExtentKind.Data, HostOffset: run.Host),
            FromParent => new Extent(run.Offset, run.Length, ExtentKind.Unallocated),
            _ => new Extent(run.Offset, run.Length, ExtentKind.Zero),
        }));

    protected override void Dispose(bool disposing)
    {
        try
        {
            Flush();
        }
        finally
        {
            Handle.Dispose();
        }
    }
}
