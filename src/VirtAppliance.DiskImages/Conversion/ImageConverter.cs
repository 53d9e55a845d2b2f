using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Copies the guest contents of any readable image (through its backing chain) into a new image: holes are never
/// read, zero clusters are never written, compression runs on every core. The output appears under its final
/// name only when complete.
/// </summary>
public static class ImageConverter
{
    /// <summary>
    /// 1 MiB, as qemu-img writes. Aligned 2 MiB writes into raw output took twice as long on a VM with free page
    /// reporting; likely cause: they get 2 MiB page-cache folios from the free blocks already handed back to the host.
    /// </summary>
    internal const int ChunkSize = 1 << 20;

    /// <summary>Converts <paramref name="source"/> (any format, backing chain resolved) into a new image at <paramref name="destination"/>, written under a temporary name and renamed when complete.</summary>
    public static ConvertResult Convert(
        string source, string destination, ConvertOptions options,
        IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var input = DiskImageOpener.Open(source, writable: false, options.SourceFormat);
        if (Path.GetFullPath(source) == Path.GetFullPath(destination))
        {
            throw new ArgumentException($"{destination}: the destination is the source; choose another file name");
        }

        if (options.Compress && options.OutputFormat is not Qcow2Format)
        {
            throw new ArgumentException($"-c (compression) is not available for {options.OutputFormat.Name} output; use -O qcow2, or -O vmdk --subformat streamOptimized (always compressed)");
        }

        if (options.Qcow2.BackingFile is not null)
        {
            throw new ArgumentException("convert writes a complete image; a backing file cannot be given (use 'image overlay' for an overlay)");
        }

        var temporary = TemporaryFile.For(destination);
        try
        {
            long dataBytes;
            using (var output = CreateOutput(temporary, Path.GetFileName(destination), input.Capacity, options))
            {
                dataBytes = options.Compress || output is Vmdk.VmdkStreamImage
                    ? CompressedCopier.Copy(input, output, options, progress, cancellationToken)
                    : PlainCopy(source, input, output, options, progress, cancellationToken);
                output.Flush();
            }

            File.Move(temporary, destination, overwrite: true);
            return new ConvertResult(input.Capacity, dataBytes, new FileInfo(destination).Length);
        }
        catch
        {
            TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }

    private static DiskImage CreateOutput(string path, string finalName, long capacity, ConvertOptions options) =>
        options.OutputFormat.Create(path, new ImageCreation
        {
            FinalName = finalName,
            Capacity = capacity,
            Subformat = options.Subformat,
            ExactSize = options.ExactSize,
            Identity = options.Identity,
            Qcow2 = options.Qcow2 with
            {
                Capacity = capacity,
                CompressionType = options.Compress ? options.Compression : options.Qcow2.CompressionType,
            },
        });

    /// <summary>Copies data chunk by chunk, writing only the clusters that are not all zeros.</summary>
    private static long PlainCopy(string source, DiskImage input, DiskImage output, ConvertOptions options, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var granularity = output is Qcow2Image qcow2 ? (int)qcow2.ClusterSize : 4096;
        var ranges = DataRanges.Of(input, granularity);
        var total = DataRanges.Total(ranges);
        var chunkSize = Math.Max(ChunkSize, granularity);
        var done = 0L;
        var chunks = DataRanges.Chunks(ranges, chunkSize);
        using var second = ReadingIsDecompression(source, total) ? DiskImageOpener.Open(source, writable: false, options.SourceFormat) : null;
        using var reader = new ChunkReader(second is null ? [input] : [input, second], chunks, chunkSize, cancellationToken);
        var warmer = options.Warming == PageCacheWarming.Always ? PageCacheWarmer.Start(output, chunks) : null;
        var detector = options.Warming == PageCacheWarming.WhenSlow ? new SlowWriteDetector() : null;
        try
        {
            foreach (var chunk in reader.ReadAll())
            {
                var started = ThreadCpuClock.Now();
                var data = chunk.Data.AsSpan(0, chunk.Length);
                foreach (var run in DataRuns.In(data, chunk.Offset, granularity))
                {
                    output.Write(chunk.Offset + run.Start, data.Slice(run.Start, run.Length));
                }

                if (detector?.Record(chunk.Length, ThreadCpuClock.Now() - started) == true)
                {
                    detector = null;
                    warmer = PageCacheWarmer.HasCoresFor(HostLoad.OtherRunnableTasks(), Environment.ProcessorCount)
                        ? PageCacheWarmer.Start(output, chunks.SkipWhile(c => c.Offset <= chunk.Offset))
                        : null;
                }

                reader.Return(chunk);
                done += chunk.Length;
                warmer?.Advance(chunk.Offset + chunk.Length);
                progress?.Report(new TransferProgress(done, total));
            }

            warmer?.Finish();
        }
        finally
        {
            warmer?.Dispose();
        }

        return total;
    }

    /// <summary>
    /// A source that holds its data in less than two thirds of its size is compressed: reading it is decompression,
    /// and a second reader (the image opened again) shares that work when a second core is there.
    /// </summary>
    private static bool ReadingIsDecompression(string source, long dataBytes) =>
        Environment.ProcessorCount >= 2 && dataBytes > 1.5 * new FileInfo(source).Length;
}
