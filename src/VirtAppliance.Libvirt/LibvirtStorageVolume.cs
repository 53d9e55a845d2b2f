namespace VirtAppliance.Libvirt;

/// <summary>A volume of a storage pool: a file on its host that libvirt reads and writes for us through streams.</summary>
public sealed class LibvirtStorageVolume : IDisposable
{
    private const int ChunkSize = 1 << 20;

    private readonly LibvirtConnection connection;
    private readonly SafeStorageVolumeHandle handle;

    internal LibvirtStorageVolume(LibvirtConnection connection, SafeStorageVolumeHandle handle, string name)
    {
        this.connection = connection;
        this.handle = handle;
        Name = name;
    }

    /// <summary>The volume's name.</summary>
    public string Name { get; }

    /// <summary>The volume's path on its host (what a domain's disk source names).</summary>
    public string Path => Native.TakeString(Interop.Interop.virStorageVolGetPath(handle), $"reading the path of volume '{Name}'");

    /// <summary>The path of the volume's backing file as libvirt read it from the image's header, or null when it has none.</summary>
    public string? BackingPath =>
        System.Xml.Linq.XElement.Parse(Native.TakeString(Interop.Interop.virStorageVolGetXMLDesc(handle, 0), $"reading volume '{Name}'"))
            .Element("backingStore")?.Element("path")?.Value;

    /// <summary>The volume's size in bytes (a raw file's length).</summary>
    public long Capacity
    {
        get
        {
            Native.Check(Interop.Interop.virStorageVolGetInfo(handle, out var info), $"reading volume '{Name}'");
            return (long)info.Capacity;
        }
    }

    /// <summary>
    /// Writes <paramref name="length"/> bytes of <paramref name="source"/> into the volume from its start
    /// (virStorageVolUpload); <paramref name="sent"/> hears each chunk. A failure or cancellation aborts the stream:
    /// the volume then holds an unknown prefix, which the caller must not use.
    /// </summary>
    public unsafe void Upload(Stream source, long length, Action<long>? sent, CancellationToken cancellation)
    {
        using var stream = Native.Check(Interop.Interop.virStreamNew(connection.Handle, 0), $"opening a stream to volume '{Name}'");
        Native.Check(Interop.Interop.virStorageVolUpload(handle, stream, 0, (ulong)length, 0), $"starting the upload of volume '{Name}'");
        var buffer = new byte[ChunkSize];
        var finished = false;
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new EndOfStreamException($"the source of volume '{Name}' ended {remaining} bytes early");
                }

                fixed (byte* data = buffer)
                {
                    var offset = 0;
                    while (offset < read)
                    {
                        offset += Native.Check(Interop.Interop.virStreamSend(stream, data + offset, (nuint)(read - offset)), $"uploading volume '{Name}'");
                    }
                }

                remaining -= read;
                sent?.Invoke(read);
            }

            Native.Check(Interop.Interop.virStreamFinish(stream), $"finishing the upload of volume '{Name}'");
            finished = true;
        }
        finally
        {
            if (!finished && Interop.Interop.virStreamAbort(stream) < 0)
            {
                Interop.Interop.virResetLastError();
            }
        }
    }

    /// <summary>The volume's bytes from <paramref name="offset"/> to its end (virStorageVolDownload), written to <paramref name="destination"/>.</summary>
    public unsafe long Download(Stream destination, long offset, CancellationToken cancellation)
    {
        using var stream = Native.Check(Interop.Interop.virStreamNew(connection.Handle, 0), $"opening a stream from volume '{Name}'");
        Native.Check(Interop.Interop.virStorageVolDownload(handle, stream, (ulong)offset, 0, 0), $"starting the download of volume '{Name}'");
        var buffer = new byte[ChunkSize];
        var total = 0L;
        var finished = false;
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                int read;
                fixed (byte* data = buffer)
                {
                    read = Native.Check(Interop.Interop.virStreamRecv(stream, data, (nuint)buffer.Length), $"downloading volume '{Name}'");
                }

                if (read == 0)
                {
                    break;
                }

                destination.Write(buffer, 0, read);
                total += read;
            }

            Native.Check(Interop.Interop.virStreamFinish(stream), $"finishing the download of volume '{Name}'");
            finished = true;
            return total;
        }
        finally
        {
            if (!finished && Interop.Interop.virStreamAbort(stream) < 0)
            {
                Interop.Interop.virResetLastError();
            }
        }
    }

    /// <summary>Deletes the volume and its data.</summary>
    public void Delete() => Native.Check(Interop.Interop.virStorageVolDelete(handle, 0), $"deleting volume '{Name}'");

    /// <summary>Releases the handle.</summary>
    public void Dispose() => handle.Dispose();
}
