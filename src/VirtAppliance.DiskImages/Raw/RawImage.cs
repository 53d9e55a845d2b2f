using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages.Raw;

/// <summary>A raw image. Holes in the host file are reported as zero extents and never read.</summary>
internal sealed class RawImage : DiskImage, IWriteLayout
{
    private readonly SafeFileHandle _handle;
    private long _capacity;

    private RawImage(string path, SafeFileHandle handle, bool writable)
        : base(path, writable)
    {
        _handle = handle;
        _capacity = RandomAccess.GetLength(handle);
    }

    public override DiskFormat Format => RawFormat.Instance;

    public override long Capacity => _capacity;

    public static RawImage Open(string path, bool writable)
    {
        var handle = File.OpenHandle(
            path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        return new RawImage(path, handle, writable);
    }

    /// <summary>Creates a sparse raw file of the given size (nothing is written).</summary>
    public static RawImage Create(string path, long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.SetLength(handle, capacity);
        }
        catch
        {
            handle.Dispose();
            File.Delete(path);
            throw;
        }

        return new RawImage(path, handle, writable: true) { _capacity = capacity };
    }

    WritePlacement IWriteLayout.Placement => WritePlacement.InPlace;

    SafeFileHandle IWriteLayout.DataFile => _handle;

    protected override void ReadCore(long offset, Span<byte> buffer) => HandleIo.ReadZeroFilled(_handle, buffer, offset);

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data) => HostFile.WriteData(_handle, data, offset);

    protected override void WriteZeroesCore(long offset, long length)
    {
        var zeros = new byte[(int)Math.Min(length, 1 << 20)];
        foreach (var region in HostFile.DataRegions(_handle, offset, offset + length))
        {
            for (var position = region.Start; position < region.End; position += zeros.Length)
            {
                var count = (int)Math.Min(zeros.Length, region.End - position);
                RandomAccess.Write(_handle, zeros.AsSpan(0, count), position);
            }
        }
    }

    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length)
    {
        var end = offset + length;
        var position = offset;
        foreach (var (start, stop) in HostFile.DataRegions(_handle, offset, end))
        {
            if (start > position)
            {
                yield return new Extent(position, start - position, ExtentKind.Zero);
            }

            yield return new Extent(start, stop - start, ExtentKind.Data, HostOffset: start);
            position = stop;
        }

        if (position < end)
        {
            yield return new Extent(position, end - position, ExtentKind.Zero);
        }
    }

    protected override void Dispose(bool disposing) => _handle.Dispose();
}
