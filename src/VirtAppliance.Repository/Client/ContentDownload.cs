using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Compression;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// Downloads a disk straight into its content file: network buffers go to the zstd decoder (or, for an uncompressed
/// blob, are the content), the content is written sparsely and hashed on another thread. No transport file is kept:
/// a journal records the last frame boundary reached, and a stopped download resumes there with a ranged request,
/// hashing again from disk what it already has. The content's digest — the cache's key — is the one verified.
/// </summary>
internal sealed class ContentDownload : IDisposable
{
    private const int BufferSize = 1 << 20;
    private const int HoleGranularity = 64 * 1024;
    private const long JournalEvery = ZstdTransport.FrameContentSize;

    private readonly IRepositoryBackend backend;
    private readonly ManifestDisk disk;
    private readonly Digest blob;
    private readonly string contentFile;
    private readonly string journal;
    private readonly string what;
    private readonly FileStream file;
    private readonly PipelinedHash hash = new(BufferSize);
    private ResumePoint reached;
    private ResumePoint saved;
    private long transport;
    private long content;

    private ContentDownload(IRepositoryBackend backend, ManifestDisk disk, string work)
    {
        this.backend = backend;
        this.disk = disk;
        blob = Digest.Parse(disk.Blob.Digest, $"manifest disk '{disk.Id}'");
        contentFile = ContentFile(work);
        journal = JournalFile(work);
        what = $"blob {blob} from {backend.Location}";
        // The content file is opened, and so locked, before anything is read or removed: a second pull of the same
        // disk stops here instead of deleting or moving what the first one is writing.
        var existed = File.Exists(contentFile);
        try
        {
            file = new FileStream(contentFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException)
        {
            hash.Dispose();
            throw new IOException($"{contentFile}: {error.Message} (another pull may be downloading the same disk; let it finish, then run this one again)", error);
        }

        reached = saved = existed ? ResumePoint.Load(journal, disk.Blob.Size, disk.Content.Size) : ResumePoint.Forget(journal);
        (transport, content) = reached;
    }

    /// <summary>Makes <paramref name="destination"/> the disk's verified content, downloading only what earlier attempts did not.</summary>
    public static async Task FetchAsync(IRepositoryBackend backend, ManifestDisk disk, string work, string destination, IProgress<long>? progress, CancellationToken cancellation)
    {
        if (disk.Compression == "none" && disk.Content != disk.Blob)
        {
            throw new InvalidDataException($"manifest disk '{disk.Id}' is sent uncompressed but its content ({disk.Content.Digest}) is not its blob ({disk.Blob.Digest})");
        }

        if (disk.Compression is not ("none" or ZstdTransport.Compression))
        {
            throw new NotSupportedException($"manifest disk '{disk.Id}': transport compression '{disk.Compression}' is not supported (zstd, none)");
        }

        using var download = new ContentDownload(backend, disk, work);
        await download.RunAsync(progress, cancellation);
        download.Complete(destination);
    }

    private static string ContentFile(string work) => work + ".content";

    private static string JournalFile(string work) => work + ".resume";

    /// <summary>Moves the verified content to its final name while this download still holds the lock on it.</summary>
    private void Complete(string destination)
    {
        File.Delete(journal);
        File.Move(contentFile, destination, overwrite: true);
    }

    public void Dispose()
    {
        file.Dispose();
        hash.Dispose();
    }

    private async Task RunAsync(IProgress<long>? progress, CancellationToken cancellation)
    {
        try
        {
            // Not on a new file: ext4 takes a truncation to size 0 for the replace-by-truncate pattern and writes the
            // whole file back when it is closed (auto_da_alloc), on the pull's path instead of in the background.
            if (file.Length != reached.Content)
            {
                file.SetLength(reached.Content);
            }

            await HashWhatIsThereAsync(cancellation);
            if (transport < disk.Blob.Size)
            {
                await using var source = await backend.OpenBlobAsync(blob, transport, disk.Blob.Size - transport, cancellation);
                await (disk.Compression == "none" ? CopyAsync(source, progress, cancellation) : DecodeAsync(source, progress, cancellation));
            }

            if (transport != disk.Blob.Size)
            {
                throw new IOException($"{what} ended after {transport} of {disk.Blob.Size} bytes (truncated); run the command again to resume");
            }

            file.SetLength(content);
            var actual = new BlobReference(Digest.FromHash(hash.Finish()).ToString(), content);
            if (actual != disk.Content)
            {
                throw new InvalidDataException(
                    $"{what} gives {actual.Size} bytes with digest {actual.Digest}, but the manifest says {disk.Content.Size} bytes, {disk.Content.Digest}: "
                    + "the server sent other bytes than the manifest names, or the manifest is wrong (the download was discarded)");
            }
        }
        catch (InvalidDataException)
        {
            // Bytes that are not what the manifest names: nothing of them is worth resuming.
            file.Dispose();
            File.Delete(contentFile);
            File.Delete(journal);
            throw;
        }
        catch (Exception)
        {
            if (reached != saved)
            {
                reached.Save(journal);
            }

            throw;
        }
    }

    /// <summary>A resumed download's content so far goes through the hash again, read back from the file.</summary>
    private async Task HashWhatIsThereAsync(CancellationToken cancellation)
    {
        long offset = 0;
        while (offset < reached.Content)
        {
            var buffer = hash.Rent(cancellation);
            var read = await RandomAccess.ReadAsync(file.SafeFileHandle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, reached.Content - offset)), offset, cancellation);
            hash.Append(buffer, read, cancellation);
            if (read == 0)
            {
                throw new IOException($"{contentFile} ended at {offset} bytes while reading back what an earlier download stored");
            }

            offset += read;
        }
    }

    private async Task CopyAsync(Stream source, IProgress<long>? progress, CancellationToken cancellation)
    {
        while (true)
        {
            var buffer = hash.Rent(cancellation);
            var read = await LimitedCopy.ReadAsync(source, buffer, backend.StallTimeout, $"blob {blob}", cancellation);
            Received(read, progress);
            Emit(buffer, read, cancellation);
            if (read == 0)
            {
                return;
            }

            Reached();
        }
    }

    private async Task DecodeAsync(Stream source, IProgress<long>? progress, CancellationToken cancellation)
    {
        using var decoder = new ZstdStreamDecoder();
        var input = new byte[BufferSize];
        var frameEnded = true;
        int read;
        while ((read = await LimitedCopy.ReadAsync(source, input, backend.StallTimeout, $"blob {blob}", cancellation)) > 0)
        {
            var start = transport;
            Received(read, progress);
            var used = 0;
            while (used < read)
            {
                var output = hash.Rent(cancellation);
                var produced = 0;
                frameEnded = false;
                while (used < read && produced < output.Length && !frameEnded)
                {
                    frameEnded = decoder.Decode(input.AsSpan(used, read - used), output.AsSpan(produced), out var consumed, out var made);
                    used += consumed;
                    produced += made;
                    if (consumed == 0 && made == 0 && !frameEnded)
                    {
                        throw new InvalidDataException($"{what}: the zstd decoder made no progress at byte {start + used}");
                    }
                }

                Emit(output, produced, cancellation);
                if (frameEnded)
                {
                    Reached(start + used);
                }
            }
        }

        // What the decoder still holds once the input ended (an output buffer filled up before its frame was flushed).
        while (!frameEnded)
        {
            var output = hash.Rent(cancellation);
            frameEnded = decoder.Decode([], output, out _, out var made);
            Emit(output, made, cancellation);
            if (made == 0 && !frameEnded)
            {
                break;
            }
        }

        if (transport == disk.Blob.Size && !frameEnded)
        {
            throw new InvalidDataException($"{what}: the blob ends inside a zstd frame (the publisher wrote a broken stream)");
        }

        if (frameEnded)
        {
            Reached(transport);
        }
    }

    private void Received(int count, IProgress<long>? progress)
    {
        if (transport + count > disk.Blob.Size)
        {
            throw new InvalidDataException($"{what}: the server sent more than the {disk.Blob.Size} bytes expected");
        }

        transport += count;
        if (count > 0)
        {
            progress?.Report(count);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> bytes of content at the current offset, leaving zero blocks as holes, and queues
    /// them for hashing. Blocks are cut at multiples of <see cref="HoleGranularity"/> in the content (<see cref="DataRuns"/>),
    /// so that where the holes are does not depend on how the network or the decoder split the bytes.
    /// </summary>
    private void Emit(byte[] buffer, int count, CancellationToken cancellation)
    {
        if (content + count > disk.Content.Size)
        {
            hash.Append(buffer, 0, cancellation);
            throw new InvalidDataException($"{what}: decompresses to more than the {disk.Content.Size} bytes the manifest gives");
        }

        var data = buffer.AsSpan(0, count);
        foreach (var run in DataRuns.In(data, content, HoleGranularity))
        {
            HostFile.WriteData(file.SafeFileHandle, data.Slice(run.Start, run.Length), content + run.Start);
        }

        hash.Append(buffer, count, cancellation);
        content += count;
    }

    /// <summary>Everything up to <paramref name="at"/> of the blob (all of it received so far when not given) is decoded and written.</summary>
    private void Reached(long? at = null)
    {
        reached = new ResumePoint(at ?? transport, content);
        if (reached.Transport - saved.Transport >= JournalEvery || reached.Content - saved.Content >= JournalEvery)
        {
            reached.Save(journal);
            saved = reached;
        }
    }
}
