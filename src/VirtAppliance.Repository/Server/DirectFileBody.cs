using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace VirtAppliance.Repository.Server;

/// <summary>
/// Kestrel's response body with a file sender that reads the file straight into the response's pipe, in large
/// chunks. Kestrel's own (it has no sendfile) copies through a 64 KiB stream buffer into the pipe: one copy more per
/// byte and a flush, with its thread hand-offs, every 64 KiB. Ranges, ETags and conditional requests are still
/// decided by the file result that calls it; everything else is the wrapped feature's.
/// </summary>
internal sealed class DirectFileBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    /// <summary>Bytes read per chunk; the server's response buffer limit lets one chunk be sent while the next is read.</summary>
    public const int ChunkSize = 256 * 1024;

    public Stream Stream => inner.Stream;

    public PipeWriter Writer => inner.Writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var end = count is { } length ? offset + length : RandomAccess.GetLength(handle);
        await inner.StartAsync(cancellationToken);
        while (offset < end)
        {
            var memory = inner.Writer.GetMemory(ChunkSize);
            var read = RandomAccess.Read(handle, memory.Span[..(int)Math.Min(memory.Length, end - offset)], offset);
            if (read == 0)
            {
                throw new IOException($"{path} ended at byte {offset} while it was sent ({end} expected): it was changed while being served");
            }

            inner.Writer.Advance(read);
            offset += read;
            var flushed = await inner.Writer.FlushAsync(cancellationToken);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                return;
            }
        }
    }
}
