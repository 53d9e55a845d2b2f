using System.Collections.Concurrent;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Cli.Commands.Console;

/// <summary>
/// Relays a guest's console: what it prints to standard output, what is typed (or piped) to the guest, until Ctrl-]
/// is typed, the guest stops, the console closes or the command is cancelled. All console calls happen on the
/// calling thread; standard input is read on a thread of its own.
/// </summary>
internal sealed class ConsoleRelay(LibvirtConsole console, Stream input, Stream output, Func<bool> stillRunning)
{
    /// <summary>Ctrl-], as virsh console and telnet use it.</summary>
    public const byte Escape = 0x1d;

    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LivenessInterval = TimeSpan.FromMilliseconds(500);

    public enum Ending
    {
        Escaped,
        GuestStopped,
        ConsoleClosed,
        Cancelled,
    }

    public Ending Run(CancellationToken cancellation)
    {
        var typed = new ConcurrentQueue<byte[]>();
        var escaped = new ManualResetEventSlim();
        var reader = new Thread(() => ReadInput(typed, escaped)) { IsBackground = true, Name = "console input" };
        reader.Start();
        var buffer = new byte[16384];
        var pending = ReadOnlyMemory<byte>.Empty;
        var lastCheck = DateTime.UtcNow;
        while (true)
        {
            if (cancellation.IsCancellationRequested)
            {
                return Ending.Cancelled;
            }

            var busy = false;
            switch (console.Read(buffer))
            {
                case null:
                    return Ending.ConsoleClosed;
                case > 0 and var count:
                    output.Write(buffer, 0, count);
                    output.Flush();
                    busy = true;
                    break;
            }

            if (pending.IsEmpty && typed.TryDequeue(out var next))
            {
                pending = next;
            }

            if (!pending.IsEmpty)
            {
                var sent = console.Write(pending.Span);
                pending = pending[sent..];
                busy |= sent > 0;
            }
            else if (escaped.IsSet)
            {
                return Ending.Escaped;
            }

            if (DateTime.UtcNow - lastCheck > LivenessInterval)
            {
                lastCheck = DateTime.UtcNow;
                if (!stillRunning())
                {
                    DrainOutput(buffer);
                    return Ending.GuestStopped;
                }
            }

            if (!busy)
            {
                cancellation.WaitHandle.WaitOne(Idle);
            }
        }
    }

    /// <summary>Whatever the guest printed before it stopped.</summary>
    private void DrainOutput(byte[] buffer)
    {
        while (console.Read(buffer) is > 0 and var count)
        {
            output.Write(buffer, 0, count);
        }

        output.Flush();
    }

    private void ReadInput(ConcurrentQueue<byte[]> typed, ManualResetEventSlim escaped)
    {
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = input.Read(buffer);
            }
            catch (IOException)
            {
                return;
            }

            if (read == 0)
            {
                // End of input (a pipe): nothing more to send; the guest's output is still relayed.
                return;
            }

            var escape = Array.IndexOf(buffer, Escape, 0, read);
            if (escape >= 0)
            {
                if (escape > 0)
                {
                    typed.Enqueue(buffer[..escape]);
                }

                escaped.Set();
                return;
            }

            typed.Enqueue(buffer[..read]);
        }
    }
}
