using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Tests;

/// <summary>
/// Delivers blobs 64 KiB per read and counts the bytes; a hook sees the count before each read (to hold the download)
/// and after it (to stop it, as a kill would).
/// </summary>
internal sealed class MeteredBackend(IRepositoryBackend inner, Func<long, CancellationToken, Task>? beforeRead = null, Func<long, Task>? afterRead = null) : IRepositoryBackend
{
    private long delivered;

    private Func<long, CancellationToken, Task>? BeforeRead => beforeRead;

    private Func<long, Task>? AfterRead => afterRead;

    public long Delivered => Interlocked.Read(ref delivered);

    public string Location => inner.Location;

    public TimeSpan StallTimeout => TimeSpan.FromMinutes(1);

    /// <summary>Cancels <paramref name="cancel"/> once <paramref name="bytes"/> went out.</summary>
    public static MeteredBackend StoppingAfter(IRepositoryBackend inner, long bytes, CancellationTokenSource cancel) =>
        new(inner, afterRead: async done =>
        {
            if (done >= bytes)
            {
                await cancel.CancelAsync();
            }
        });

    /// <summary>Once <paramref name="bytes"/> went out, says so through <paramref name="reached"/> and holds every read until <paramref name="released"/>.</summary>
    public static MeteredBackend HoldingAfter(IRepositoryBackend inner, long bytes, TaskCompletionSource reached, Task released) =>
        new(inner, beforeRead: async (done, cancellation) =>
        {
            if (done >= bytes)
            {
                reached.TrySetResult();
                await released.WaitAsync(cancellation);
            }
        });

    public Task<byte[]?> ReadIndexAsync(CancellationToken cancellation) => inner.ReadIndexAsync(cancellation);

    public Task WriteIndexAsync(byte[] content, CancellationToken cancellation) => inner.WriteIndexAsync(content, cancellation);

    public Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellation) => inner.HasBlobAsync(digest, cancellation);

    public Task WriteBlobAsync(Digest digest, string sourceFile, CancellationToken cancellation) => inner.WriteBlobAsync(digest, sourceFile, cancellation);

    public async Task<Stream> OpenBlobAsync(Digest digest, long offset, long length, CancellationToken cancellation) =>
        new Metered(await inner.OpenBlobAsync(digest, offset, length, cancellation), this);

    public void Dispose() => inner.Dispose();

    private sealed class Metered(Stream source, MeteredBackend owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (owner.BeforeRead is { } before)
            {
                await before(owner.Delivered, cancellationToken);
            }

            var read = await source.ReadAsync(buffer[..Math.Min(buffer.Length, 1 << 16)], cancellationToken);
            var done = Interlocked.Add(ref owner.delivered, read);
            if (owner.AfterRead is { } after)
            {
                await after(done);
            }

            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
