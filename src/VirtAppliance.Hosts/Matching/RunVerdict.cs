namespace VirtAppliance.Hosts.Matching;

/// <summary>Whether a variant runs on a host.</summary>
public enum RunVerdict
{
    /// <summary>Runs with hardware acceleration (kvm, xen...).</summary>
    Runs,

    /// <summary>Runs only emulated (QEMU TCG): correct but slow.</summary>
    RunsEmulated,

    /// <summary>It does not run; the verdict's reasons say why.</summary>
    DoesNotRun,
}
