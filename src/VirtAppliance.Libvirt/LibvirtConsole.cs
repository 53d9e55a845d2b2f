namespace VirtAppliance.Libvirt;

/// <summary>
/// A domain's serial console as a non-blocking libvirt stream (virDomainOpenConsole): works on local and remote
/// connections alike. Not thread-safe: one thread reads and writes it.
/// </summary>
public sealed class LibvirtConsole : IDisposable
{
    private readonly SafeStreamHandle stream;
    private readonly string name;
    private bool closed;

    private LibvirtConsole(SafeStreamHandle stream, string name)
    {
        this.stream = stream;
        this.name = name;
    }

    /// <summary>Opens the domain's first console; <paramref name="flags"/> Force takes it over from another client.</summary>
    public static LibvirtConsole Open(LibvirtConnection connection, LibvirtDomain domain, ConsoleFlags flags)
    {
        var stream = Native.Check(Interop.Interop.virStreamNew(connection.Handle, Interop.Interop.StreamNonBlock), $"opening a stream to '{domain.Name}'");
        try
        {
            Native.Check(Interop.Interop.virDomainOpenConsole(domain.Handle, null, stream, (uint)flags), $"opening the console of '{domain.Name}'");
            return new LibvirtConsole(stream, domain.Name);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Bytes the guest printed: the count, 0 when none are there now, null when the console has closed.</summary>
    public unsafe int? Read(Span<byte> buffer)
    {
        fixed (byte* data = buffer)
        {
            var result = Interop.Interop.virStreamRecv(stream, data, (nuint)buffer.Length);
            return result switch
            {
                Interop.Interop.StreamWouldBlock => 0,
                0 => null,
                < 0 => throw Native.LastError($"reading the console of '{name}'"),
                _ => result,
            };
        }
    }

    /// <summary>Sends what the user typed; returns how many bytes were taken (0 when the stream is full now).</summary>
    public unsafe int Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* data = bytes)
        {
            var result = Interop.Interop.virStreamSend(stream, data, (nuint)bytes.Length);
            return result == Interop.Interop.StreamWouldBlock ? 0 : Native.Check(result, $"writing to the console of '{name}'");
        }
    }

    /// <summary>Closes the console stream.</summary>
    public void Dispose()
    {
        if (!closed)
        {
            closed = true;
            // An abort of a stream the other end already closed fails; nothing is left to release but the reference.
            if (Interop.Interop.virStreamAbort(stream) < 0)
            {
                Interop.Interop.virResetLastError();
            }
        }

        stream.Dispose();
    }
}
