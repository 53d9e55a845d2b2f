namespace VirtAppliance.DiskImages;

/// <summary>
/// A virtual disk: a fixed capacity of guest bytes, read and written at any offset, with an allocation map
/// and an optional backing image that supplies what this layer does not store. Not thread-safe.
/// </summary>
public abstract class DiskImage : IDisposable
{
    private bool _disposed;

    /// <summary>Records the image file's path and whether the subclass opened it for writing.</summary>
    protected DiskImage(string filePath, bool writable)
    {
        FilePath = filePath;
        IsWritable = writable;
    }

    /// <summary>The image file's path.</summary>
    public string FilePath { get; }

    /// <summary>Whether the image was opened for writing.</summary>
    public bool IsWritable { get; }

    /// <summary>The image's format.</summary>
    public abstract DiskFormat Format { get; }

    /// <summary>The virtual size the guest sees, in bytes.</summary>
    public abstract long Capacity { get; }

    /// <summary>The image this one falls through to, opened by <see cref="DiskImageOpener"/>.</summary>
    public DiskImage? Backing { get; internal set; }

    /// <summary>The backing file name as stored in the image, or null.</summary>
    public virtual string? BackingFileName => null;

    /// <summary>The backing file format as stored in the image, or null.</summary>
    public virtual string? BackingFormatName => null;

    /// <summary>Bytes the file occupies on the host (allocated blocks).</summary>
    public long AllocatedBytes => HostFile.AllocatedBytes(FilePath);

    /// <summary>Reads guest bytes; ranges this layer does not store come from the backing chain or read as zeros.</summary>
    public void Read(long offset, Span<byte> buffer)
    {
        CheckRange(offset, buffer.Length);
        if (buffer.IsEmpty)
        {
            return;
        }

        ReadCore(offset, buffer);
    }

    /// <summary>Writes <paramref name="data"/> at guest offset <paramref name="offset"/>.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        CheckWritable();
        CheckRange(offset, data.Length);
        if (data.IsEmpty)
        {
            return;
        }

        WriteCore(offset, data);
    }

    /// <summary>Makes a range read as zeros, storing as little as the format allows.</summary>
    public void WriteZeroes(long offset, long length)
    {
        CheckWritable();
        CheckRange(offset, length);
        if (length == 0)
        {
            return;
        }

        WriteZeroesCore(offset, length);
    }

    /// <summary>This layer's own allocation map over a range, in order, covering it exactly.</summary>
    public IEnumerable<Extent> GetOwnExtents(long offset, long length)
    {
        CheckRange(offset, length);
        return length == 0 ? [] : GetOwnExtentsCore(offset, length);
    }

    /// <summary>
    /// The allocation map with the backing chain resolved: only <see cref="ExtentKind.Data"/> (with the depth
    /// of the layer that stores it) and <see cref="ExtentKind.Zero"/>, adjacent runs merged.
    /// </summary>
    public IEnumerable<Extent> GetExtents(long offset, long length) =>
        ExtentMerger.Coalesce(ResolveChain(offset, length, 0));

    /// <summary>Writes cached metadata and data to the file.</summary>
    public virtual void Flush()
    {
    }

    /// <summary>Flushes a writable image and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(true);
        Backing?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads guest bytes; the range is within <see cref="Capacity"/>.</summary>
    protected abstract void ReadCore(long offset, Span<byte> buffer);

    /// <summary>Writes guest bytes; the range is within <see cref="Capacity"/>.</summary>
    protected abstract void WriteCore(long offset, ReadOnlySpan<byte> data);

    /// <summary>Makes a range read as zeros, deallocating where the format can.</summary>
    protected abstract void WriteZeroesCore(long offset, long length);

    /// <summary>The extents of this layer alone (not its backing file) over the range.</summary>
    protected abstract IEnumerable<Extent> GetOwnExtentsCore(long offset, long length);

    /// <summary>Releases the file and format state.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>Reads from the backing chain, or zeros where there is none or it is shorter.</summary>
    protected void ReadFromBacking(long offset, Span<byte> buffer)
    {
        if (Backing is null || offset >= Backing.Capacity)
        {
            buffer.Clear();
            return;
        }

        var available = (int)Math.Min(buffer.Length, Backing.Capacity - offset);
        Backing.Read(offset, buffer[..available]);
        buffer[available..].Clear();
    }

    private IEnumerable<Extent> ResolveChain(long offset, long length, int depth)
    {
        foreach (var extent in GetOwnExtents(offset, length))
        {
            switch (extent.Kind)
            {
                case ExtentKind.Data:
                    yield return extent with { Depth = depth };
                    break;
                case ExtentKind.Zero:
                    yield return extent with { Depth = depth, HostOffset = null };
                    break;
                default:
                    foreach (var resolved in ResolveInBacking(extent, depth))
                    {
                        yield return resolved;
                    }

                    break;
            }
        }
    }

    private IEnumerable<Extent> ResolveInBacking(Extent extent, int depth)
    {
        var backingEnd = Backing is null ? 0 : Math.Min(extent.End, Backing.Capacity);
        if (Backing is not null && extent.Offset < backingEnd)
        {
            foreach (var inner in Backing.ResolveChain(extent.Offset, backingEnd - extent.Offset, depth + 1))
            {
                yield return inner;
            }
        }

        var zeroStart = Math.Max(extent.Offset, backingEnd);
        if (zeroStart < extent.End)
        {
            yield return new Extent(zeroStart, extent.End - zeroStart, ExtentKind.Zero, depth);
        }
    }

    private void CheckRange(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (offset > Capacity || length > Capacity - offset)
        {
            throw new ArgumentOutOfRangeException(
                nameof(offset), $"range {offset}+{length} lies beyond the end of the {Capacity}-byte disk '{FilePath}'");
        }
    }

    private void CheckWritable()
    {
        if (!IsWritable)
        {
            throw new InvalidOperationException($"'{FilePath}' was opened read-only");
        }
    }
}
