using System.Diagnostics;

namespace VirtAppliance.Deployment;

/// <summary>
/// Test switch: VIRT_APPLIANCE_FAULT_AT=STEP kills the process with SIGKILL when deploy reaches STEP, to prove that a
/// later command finishes the deployment whatever moment it was interrupted at.
/// </summary>
public static class FaultInjection
{
    public const string EnvironmentVariable = "VIRT_APPLIANCE_FAULT_AT";

    /// <summary>Every step boundary of deploy, in order.</summary>
    public static IReadOnlyList<string> Steps { get; } =
        ["plan-saved", "disk-created", "install-started", "defined", "phase-starting", "started", "phase-run"];

    public static void Reached(string step)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) == step)
        {
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }
}
