using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using L = VirtAppliance.DiskImages.Vhdx.VhdxLayout;

namespace VirtAppliance.DiskImages.Vhdx;

/// <summary>
/// A VHDX (dynamic or fixed; differencing and dirty logs are refused clearly). New payload blocks are appended at
/// 1 MiB boundaries; the BAT is written on flush, after a header with a new sequence number marks the data as changed.
/// </summary>
public sealed partial class VhdxImage : DiskImage
{
    private readonly SafeFileHandle _handle;
    private readonly ulong[] _bat;
    private readonly long _batOffset;
    private readonly long _blockSize;
    private readonly long _chunkRatio;
    private readonly long _capacity;
    private byte[] _header;
    private long _headerSequence;
    private long _fileEnd;
    private bool _dirty;
    private bool _headerUpdated;

    private VhdxImage(string path, SafeFileHandle handle, bool writable, Layout layout)
        : base(path, writable)
    {
        _handle = handle;
        _header = layout.Header;
        _headerSequence = layout.Sequence;
        _bat = layout.Bat;
        _batOffset = layout.BatOffset;
        _blockSize = layout.BlockSize;
        _chunkRatio = layout.ChunkRatio;
        _capacity = layout.Capacity;
        _fileEnd = AlignMib(RandomAccess.GetLength(handle));
    }

    public override DiskFormat Format => VhdxFormat.Instance;

    public override long Capacity => _capacity;

    public long BlockSize => _blockSize;

    public static VhdxImage Open(string path, bool writable)
    {
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        try
        {
            return new VhdxImage(path, handle, writable, Layout.Read(handle, path));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        foreach (var (position, length, host) in Runs(offset, buffer.Length))
        {
            var target = buffer.Slice((int)(position - offset), length);
            if (host < 0)
            {
                target.Clear();
                continue;
            }

            var done = 0;
            while (done < length)
            {
                var read = RandomAccess.Read(_handle, target[done..], host + done);
                if (read == 0)
                {
                    target[done..].Clear();
                    break;
                }

                done += read;
            }
        }
    }

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        BeginModification();
        while (!data.IsEmpty)
        {
            var block = offset / _blockSize;
            var within = offset % _blockSize;
            var count = (int)Math.Min(data.Length, _blockSize - within);
            var host = PayloadOffset(block);
            if (host < 0)
            {
                host = AllocateBlock(block);
            }

            RandomAccess.Write(_handle, data[..count], host + within);
            data = data[count..];
            offset += count;
        }
    }

    protected override void WriteZeroesCore(long offset, long length)
    {
        var zeros = new byte[Math.Min(length, 1 << 20)];
        foreach (var (position, count, host) in Runs(offset, length))
        {
            for (var done = 0L; host >= 0 && done < count; done += zeros.Length)
            {
                WriteCore(position + done, zeros.AsSpan(0, (int)Math.Min(zeros.Length, count - done)));
            }
        }
    }

    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length) =>
        ExtentMerger.Coalesce(Runs(offset, length).Select(run => run.Host < 0
            ? new Extent(run.Offset, run.Length, ExtentKind.Zero)
            : new Extent(run.Offset, run.Length, ExtentKind.Data, HostOffset: run.Host)));

    public override void Flush()
    {
        if (!IsWritable || !_dirty)
        {
            return;
        }

        var bytes = new byte[_bat.Length * 8];
        for (var i = 0; i < _bat.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), _bat[i]);
        }

        RandomAccess.Write(_handle, bytes, _batOffset);
        _dirty = false;
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            Flush();
        }
        finally
        {
            _handle.Dispose();
        }
    }

    private IEnumerable<(long Offset, int Length, long Host)> Runs(long offset, long length)
    {
        var end = offset + length;
        while (offset < end)
        {
            var block = offset / _blockSize;
            var within = offset % _blockSize;
            var count = (int)Math.Min(end - offset, _blockSize - within);
            var host = PayloadOffset(block);
            yield return (offset, count, host < 0 ? -1 : host + within);
            offset += count;
        }
    }

    private long BatIndex(long block) => block + block / _chunkRatio;

    private long PayloadOffset(long block)
    {
        var entry = _bat[BatIndex(block)];
        return (entry & L.BatStateMask) == L.BatFullyPresent ? (long)(entry >> L.BatOffsetShift) * L.Mib : -1;
    }

    private long AllocateBlock(long block)
    {
        var host = _fileEnd;
        _fileEnd = AlignMib(host + _blockSize);
        RandomAccess.SetLength(_handle, _fileEnd);
        _bat[BatIndex(block)] = ((ulong)(host / L.Mib) << L.BatOffsetShift) | L.BatFullyPresent;
        _dirty = true;
        return host;
    }

    /// <summary>Before the first change: a header with the next sequence number and a new data-write GUID, in the other slot.</summary>
    private void BeginModification()
    {
        if (_headerUpdated)
        {
            return;
        }

        _headerUpdated = true;
        var header = (byte[])_header.Clone();
        _headerSequence++;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(L.HeaderSequence), _headerSequence);
        Guid.NewGuid().TryWriteBytes(header.AsSpan(L.HeaderFileWriteGuid, 16));
        Guid.NewGuid().TryWriteBytes(header.AsSpan(L.HeaderDataWriteGuid, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(L.HeaderChecksum), Crc32C.Compute(header, L.HeaderChecksum));
        var slot = _headerSequence % 2 == 0 ? L.Header1Offset : L.Header2Offset;
        RandomAccess.Write(_handle, header, slot);
        _header = header;
    }

    private static long AlignMib(long offset) => (offset + L.Mib - 1) / L.Mib * L.Mib;

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
