// Single-thread cluster codec throughput on the data of a real image: the per-core figure bench/convert
// uses for its efficiency limit (zlib-N: the deflate codec in use; zlib-default at its default level), and the comparisons of libdeflate with .NET's
// zlib-ng and of the system libzstd with ZstdSharp.Port.
using System.Diagnostics;
using System.Globalization;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Compression;

const int ClusterSize = 65536;
const long MaxSample = 512L << 20;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CodecSpeed IMAGE");
    return 64;
}

var clusters = new List<byte[]>();
using (var image = DiskImageOpener.Open(args[0]))
{
    long sampled = 0;
    foreach (var extent in image.GetExtents(0, image.Capacity).Where(e => e.Kind == ExtentKind.Data))
    {
        for (var offset = extent.Offset / ClusterSize * ClusterSize; offset < extent.End && sampled < MaxSample; offset += ClusterSize)
        {
            var cluster = new byte[ClusterSize];
            image.Read(offset, cluster.AsSpan(0, (int)Math.Min(ClusterSize, image.Capacity - offset)));
            if (cluster.AsSpan().ContainsAnyExcept((byte)0))
            {
                clusters.Add(cluster);
                sampled += ClusterSize;
            }
        }
    }
}

var bytes = (double)clusters.Count * ClusterSize;
var output = new byte[ClusterSize];
var decompressed = new byte[ClusterSize];
foreach (var (name, codec, level) in new (string, ClusterCodec, int)[]
{
    ("zlib-default", ClusterCodec.For(CompressionType.Zlib), ClusterCodec.For(CompressionType.Zlib).DefaultLevel),
    ("zlib-6", ClusterCodec.For(CompressionType.Zlib), 6),
    ("zlib-5", ClusterCodec.For(CompressionType.Zlib), 5),
    ("zlib-4", ClusterCodec.For(CompressionType.Zlib), 4),
    ("zlib-3", ClusterCodec.For(CompressionType.Zlib), 3),
    ("zlib-1", ClusterCodec.For(CompressionType.Zlib), 1),
    ("zlib-ng-6", DeflateCodec.Instance, 6),
    ("zstd-3-libzstd", NativeZstdCodec.Instance, 3),
    ("zstd-3-zstdsharp", ManagedZstdCodec.Instance, 3),
})
{
    var compressed = new List<byte[]>(clusters.Count);
    var watch = Stopwatch.StartNew();
    long written = 0;
    foreach (var cluster in clusters)
    {
        var length = codec.Compress(cluster, output.AsSpan(0, ClusterSize - 1), level);
        compressed.Add(length > 0 ? output[..length] : []);
        written += length > 0 ? length : ClusterSize;
    }

    var compressSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    foreach (var data in compressed.Where(c => c.Length > 0))
    {
        codec.TryDecompress(data, decompressed);
    }

    var decompressSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name} compress_MBps={bytes / compressSeconds / 1e6:0} decompress_MBps={bytes / decompressSeconds / 1e6:0} ratio={written / bytes:0.000}"));
}

Console.WriteLine($"codecs in use: zlib {CompressionLibraries.For(CompressionType.Zlib)}, zstd {CompressionLibraries.For(CompressionType.Zstd)}");
return 0;
