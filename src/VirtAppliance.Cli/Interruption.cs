using System.Runtime.InteropServices;

namespace VirtAppliance.Cli;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM (kill, timeout, a service manager) and SIGHUP become one cancellation: the command unwinds
/// through its cleanup (temporary files, scratch folders) and exits 128 + the signal's number as shells report it
/// (130 SIGINT, 143 SIGTERM, 129 SIGHUP), saying
/// "interrupted". A second signal is left to the runtime's default, so a stuck command can still be stopped.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly List<PosixSignalRegistration> registrations = [];

    public Interruption()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, Handle));
        }
    }

    public CancellationToken Token => source.Token;

    /// <summary>The signal that cancelled the command, if one did.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>The exit code for an interrupted command: 128 + the signal's number.</summary>
    public int ExitCode => Signal switch
    {
        PosixSignal.SIGINT => ExitCodes.Interrupted,
        PosixSignal.SIGHUP => ExitCodes.HungUp,
        _ => ExitCodes.Terminated,
    };

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Signal is not null)
        {
            return;
        }

        Signal = context.Signal;
        context.Cancel = true;
        source.Cancel();
    }
}
