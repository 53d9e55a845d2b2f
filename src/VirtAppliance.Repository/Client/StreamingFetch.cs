using System.IO.Pipelines;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// A fresh download in one pass: each chunk from the network is appended to the partial file (so a killed pull can
/// resume; a journal records how far it got) and fed through a pipe to another thread, which decompresses it, hashes
/// the content and writes it sparsely. The content's digest — the cache's key — is the one verified: it proves what is
/// stored whatever bytes travelled, so the transport blob is not hashed a second time.
/// </summary>
internal static class StreamingFetch
{
    private const int ChunkSize = 1 << 20;
    private const long JournalEvery = 8L << 20;

    public static async Task FetchAsync(IRepositoryBackend backend, ManifestDisk disk, string partial, string temporaryContent, IProgress<long>? progress, CancellationToken cancellation)
    {
        var blob = Digest.Parse(disk.Blob.Digest, $"manifest disk '{disk.Id}'");
        var size = disk.Blob.Size;
        var journal = partial + ".ranges";
        RangeJournal.Save(journal, [new RangeJournal.Range(0, size, 0)]);
        // Uncompressed blobs are their content: the partial file becomes the content, the other thread only hashes it.
        var plain = disk.Compression == "none";
        if (plain && disk.Content != disk.Blob)
        {
            throw new InvalidDataException($"manifest disk '{disk.Id}' is sent uncompressed but its content ({disk.Content.Digest}) is not its blob ({disk.Blob.Digest})");
        }

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 32 << 20, resumeWriterThreshold: 16 << 20, useSynchronizationContext: false));
        var decompressing = Task.Run(
            () => ZstdTransport.DecompressAsync(pipe.Reader.AsStream(), $"blob {blob} from {backend.Location}", disk.Compression, plain ? null : temporaryContent, disk.Content.Size, cancellation),
            cancellation);
        long total = 0;
        try
        {
            await using (var source = await backend.OpenBlobAsync(blob, 0, size, cancellation))
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                var buffer = new byte[ChunkSize];
                long sinceJournal = 0;
                while (true)
                {
                    var read = await LimitedCopy.ReadAsync(source, buffer, backend.StallTimeout, $"blob {blob}", cancellation);
                    if (read == 0)
                    {
                        break;
                    }

                    if (total + read > size)
                    {
                        throw new InvalidDataException($"blob {blob} from {backend.Location}: the server sent more than the {size} bytes expected");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
                    await pipe.Writer.WriteAsync(buffer.AsMemory(0, read), cancellation);
                    total += read;
                    progress?.Report(read);
                    if ((sinceJournal += read) >= JournalEvery)
                    {
                        sinceJournal = 0;
                        RangeJournal.Save(journal, [new RangeJournal.Range(0, size, total)]);
                    }
                }
            }

            RangeJournal.Save(journal, [new RangeJournal.Range(0, size, total)]);
            if (total != size)
            {
                throw new IOException($"blob {blob} from {backend.Location} ended after {total} of {size} bytes (truncated); run the command again to resume");
            }

            await pipe.Writer.CompleteAsync();
            BlobReference content;
            try
            {
                content = await decompressing;
            }
            catch (InvalidDataException)
            {
                Discard(partial, journal);
                throw;
            }

            if (content != disk.Content)
            {
                Discard(partial, journal);
                throw new InvalidDataException(
                    $"blob {blob} from {backend.Location} gives {content.Size} bytes with digest {content.Digest}, but the manifest says {disk.Content.Size} bytes, {disk.Content.Digest}: "
                    + "the server sent other bytes than the manifest names, or the manifest is wrong (the download was discarded)");
            }
        }
        catch (Exception error)
        {
            await pipe.Writer.CompleteAsync(error);
            try
            {
                await decompressing;
            }
            catch (Exception)
            {
                // The download's failure is the one to report.
            }

            File.Delete(temporaryContent);
            throw;
        }

        if (plain)
        {
            File.Move(partial, temporaryContent, overwrite: true);
        }

        Discard(partial, journal);
    }

    private static void Discard(string partial, string journal)
    {
        File.Delete(partial);
        File.Delete(journal);
    }
}
