using System.Runtime.InteropServices;

namespace VirtAppliance.Cli.Terminal;

/// <summary>
/// Puts the terminal on standard input in raw mode (every key goes to the guest as typed, no echo, no signals) and
/// restores it on dispose, which the console command reaches on every way out, SIGTERM included.
/// </summary>
internal sealed partial class RawTerminal : IDisposable
{
    private const int StandardInput = 0;
    private const int SetNow = 0;

    /// <summary>struct termios is 60 bytes on Linux (glibc, x86_64 and aarch64); room to spare.</summary>
    private const int TermiosSize = 128;

    private readonly byte[] saved = new byte[TermiosSize];
    private bool restored;

    private RawTerminal()
    {
    }

    /// <summary>Raw mode when standard input is a terminal; null otherwise (a pipe is relayed as it is).</summary>
    public static unsafe RawTerminal? Enter()
    {
        if (isatty(StandardInput) != 1)
        {
            return null;
        }

        var terminal = new RawTerminal();
        fixed (byte* original = terminal.saved)
        {
            if (tcgetattr(StandardInput, original) != 0)
            {
                return null;
            }
        }

        var raw = (byte[])terminal.saved.Clone();
        fixed (byte* changed = raw)
        {
            cfmakeraw(changed);
            if (tcsetattr(StandardInput, SetNow, changed) != 0)
            {
                return null;
            }
        }

        return terminal;
    }

    public unsafe void Dispose()
    {
        if (restored)
        {
            return;
        }

        restored = true;
        fixed (byte* original = saved)
        {
            _ = tcsetattr(StandardInput, SetNow, original);
        }
    }

    [LibraryImport("libc")]
    private static partial int isatty(int fd);

    [LibraryImport("libc")]
    private static unsafe partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc")]
    private static unsafe partial int tcsetattr(int fd, int actions, byte* termios);

    [LibraryImport("libc")]
    private static unsafe partial void cfmakeraw(byte* termios);
}
