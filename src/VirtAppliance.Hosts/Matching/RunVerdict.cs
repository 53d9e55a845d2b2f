namespace VirtAppliance.Hosts.Matching;

public enum RunVerdict
{
    /// <summary>Runs with hardware acceleration (kvm, xen...).</summary>
    Runs,

    /// <summary>Runs only emulated (QEMU TCG): correct but slow.</summary>
    RunsEmulated,

    DoesNotRun,
}
