using System.Security.Cryptography;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// Downloads one blob into a partial file, resumably: sequentially for small blobs, in parallel ranges for large ones
/// (a journal records each range's progress so a killed download resumes where it was). Verified before it is renamed.
/// </summary>
public static class BlobFetcher
{
    /// <summary>Blobs at least this large are fetched in parallel ranges.</summary>
    public const long ParallelThreshold = 64L << 20;
    public const int ParallelRanges = 4;

    /// <summary>A range records its progress in the journal every this many bytes.</summary>
    private const long JournalEvery = 8L << 20;

    public static async Task FetchAsync(IRepositoryBackend backend, BlobReference blob, string destination, IProgress<long>? progress, CancellationToken cancellation)
    {
        var digest = Digest.Parse(blob.Digest, "manifest");
        var partial = destination + ".partial";
        var journal = partial + ".ranges";
        var journalled = File.Exists(journal) && File.Exists(partial);
        if (journalled || (blob.Size >= ParallelThreshold && !File.Exists(partial)))
        {
            await FetchRangesAsync(backend, digest, blob.Size, partial, journal, progress, cancellation);
        }
        else
        {
            await FetchSequentialAsync(backend, digest, blob.Size, partial, progress, cancellation);
        }

        var actual = await HashFileAsync(partial, cancellation);
        if (actual != digest)
        {
            File.Delete(partial);
            File.Delete(journal);
            throw new InvalidDataException($"blob {digest} from {backend.Location} has digest {actual}: the server sent other bytes than the manifest names (the partial download was discarded)");
        }

        File.Move(partial, destination, overwrite: true);
        File.Delete(journal);
    }

    private static async Task FetchSequentialAsync(IRepositoryBackend backend, Digest digest, long size, string partial, IProgress<long>? progress, CancellationToken cancellation)
    {
        var offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (offset > size)
        {
            File.Delete(partial);
            offset = 0;
        }

        if (offset < size)
        {
            await using var source = await backend.OpenBlobAsync(digest, offset, size - offset, cancellation);
            await using var file = new FileStream(partial, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16);
            await LimitedCopy.CopyAsync(source, file, size - offset, $"blob {digest}", backend.StallTimeout, cancellation, n => progress?.Report(n));
        }

        var have = new FileInfo(partial).Length;
        if (have != size)
        {
            throw new IOException($"blob {digest} from {backend.Location} ended after {have} of {size} bytes (truncated); run the command again to resume");
        }
    }

    private static async Task FetchRangesAsync(IRepositoryBackend backend, Digest digest, long size, string partial, string journal, IProgress<long>? progress, CancellationToken cancellation)
    {
        var ranges = RangeJournal.Load(journal, partial, size, ParallelRanges);
        await using (var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, 1))
        {
            file.SetLength(size);
        }

        using var handle = File.OpenHandle(partial, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var gate = new Lock();
        var fetching = Task.WhenAll(ranges.Select((range, i) => Task.Run(async () =>
        {
            var remaining = range.Length - range.Done;
            if (remaining <= 0)
            {
                return;
            }

            await using var source = await backend.OpenBlobAsync(digest, range.Start + range.Done, remaining, cancellation);
            var buffer = new byte[1 << 16];
            long sinceJournal = 0;
            while (range.Done < range.Length)
            {
                var read = await LimitedCopy.ReadAsync(source, buffer, backend.StallTimeout, $"blob {digest}", cancellation);
                if (read == 0)
                {
                    break;
                }

                read = (int)Math.Min(read, range.Length - range.Done);
                await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), range.Start + range.Done, cancellation);
                ranges[i] = range = range with { Done = range.Done + read };
                progress?.Report(read);
                if ((sinceJournal += read) >= JournalEvery)
                {
                    sinceJournal = 0;
                    lock (gate)
                    {
                        RangeJournal.Save(journal, ranges);
                    }
                }
            }
        }, cancellation)).ToArray());
        try
        {
            await fetching;
        }
        finally
        {
            // What arrived is kept for a resumed download, whether or not every range completed.
            lock (gate)
            {
                RangeJournal.Save(journal, ranges);
            }
        }

        var done = ranges.Sum(r => r.Done);
        if (done != size)
        {
            throw new IOException($"blob {digest} from {backend.Location}: {done} of {size} bytes arrived (truncated); run the command again to resume");
        }
    }

    internal static async Task<Digest> HashFileAsync(string path, CancellationToken cancellation)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Digest.FromHash(await SHA256.HashDataAsync(stream, cancellation));
    }
}
