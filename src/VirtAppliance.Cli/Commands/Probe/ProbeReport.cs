namespace VirtAppliance.Cli.Commands.Probe;

/// <summary>What <c>probe --json</c> prints: this machine as deploy sees it.</summary>
internal sealed record ProbeReport(
    string Arch,
    bool KvmUsable,
    string Kvm,
    IReadOnlyList<string> Emulators,
    string DefaultConnection,
    string DefaultConnectionReason,
    bool SystemDaemonRunning,
    bool DaemonInstalled);
