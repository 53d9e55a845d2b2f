namespace VirtAppliance.DiskImages.Compression;

/// <summary>A write-only stream into a fixed buffer that records overflow instead of throwing.</summary>
internal sealed class BoundedBufferStream(byte[] buffer) : Stream
{
    public int Length32 { get; private set; }

    public bool Overflowed { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Length32;

    public override long Position
    {
        get => Length32;
        set => throw new NotSupportedException();
    }

    public int Limit { get; set; } = buffer.Length;

    public void Reset()
    {
        Length32 = 0;
        Overflowed = false;
    }

    public override void Write(ReadOnlySpan<byte> source)
    {
        if (Overflowed || source.Length > Limit - Length32)
        {
            Overflowed = true;
            return;
        }

        source.CopyTo(buffer.AsSpan(Length32));
        Length32 += source.Length;
    }

    public override void Write(byte[] source, int offset, int count) => Write(source.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer1, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
