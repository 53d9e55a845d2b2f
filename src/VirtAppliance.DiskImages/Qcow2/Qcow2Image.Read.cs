using VirtAppliance.DiskImages.Compression;

namespace VirtAppliance.DiskImages.Qcow2;

public sealed partial class Qcow2Image
{
    private byte[]? _decompressed;
    private ulong _decompressedDescriptor;
    private byte[]? _compressedPayload;

    /// <inheritdoc />
    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        foreach (var run in Map(offset, buffer.Length))
        {
            var target = buffer.Slice((int)(run.Offset - offset), (int)run.Length);
            switch (run.Kind)
            {
                case Qcow2ClusterKind.Normal:
                    ReadExactly(_handle, target, run.HostOffset, FilePath, "data cluster");
                    break;
                case Qcow2ClusterKind.Compressed:
                    var cluster = Decompress(run.Descriptor, run.Offset);
                    cluster.AsSpan((int)(run.Offset & (_geometry.ClusterSize - 1)), target.Length).CopyTo(target);
                    break;
                case Qcow2ClusterKind.Unallocated:
                    ReadFromBacking(run.Offset, target);
                    break;
                default:
                    target.Clear();
                    break;
            }
        }
    }

    /// <summary>Reads the compressed bytes a descriptor points to (tolerating a last sector past the end of file).</summary>
    internal int ReadCompressedPayload(ulong descriptor, long guestOffset, Span<byte> destination)
    {
        var (hostOffset, length) = _geometry.CompressedRange(descriptor);
        if (hostOffset >= _fileLength || length > destination.Length)
        {
            throw CorruptImage.Error(FilePath, $"compressed cluster descriptor for guest offset {guestOffset}", hostOffset,
                $"points to {length} bytes at {hostOffset}, past the end of the {_fileLength}-byte file");
        }

        var available = (int)Math.Min(length, _fileLength - hostOffset);
        ReadExactly(_handle, destination[..available], hostOffset, FilePath, "compressed cluster");
        return available;
    }

    internal byte[] Decompress(ulong descriptor, long guestOffset)
    {
        var clusterSize = (int)_geometry.ClusterSize;
        if (_decompressed is not null && _decompressedDescriptor == descriptor)
        {
            return _decompressed;
        }

        var output = _decompressed ??= new byte[clusterSize];
        _decompressedDescriptor = 0;
        var payload = _compressedPayload ??= new byte[clusterSize * 2 + 512];
        var length = ReadCompressedPayload(descriptor, guestOffset, payload);
        if (!ClusterCodec.For(_header.CompressionType).TryDecompress(payload.AsSpan(0, length), output))
        {
            throw CorruptImage.Error(FilePath, $"compressed cluster for guest offset {guestOffset & ~(clusterSize - 1L)}", _geometry.CompressedRange(descriptor).Offset,
                $"does not decompress to a whole {clusterSize}-byte cluster with {_header.CompressionType.ToString().ToLowerInvariant()}");
        }

        _decompressedDescriptor = descriptor;
        return output;
    }

    /// <inheritdoc />
    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length)
    {
        foreach (var run in Map(offset, length))
        {
            yield return run.Kind switch
            {
                Qcow2ClusterKind.Normal => new Extent(run.Offset, run.Length, ExtentKind.Data, HostOffset: run.HostOffset),
                Qcow2ClusterKind.Compressed => new Extent(run.Offset, run.Length, ExtentKind.Data),
                Qcow2ClusterKind.Unallocated => new Extent(run.Offset, run.Length, ExtentKind.Unallocated),
                _ => new Extent(run.Offset, run.Length, ExtentKind.Zero),
            };
        }
    }
}
