using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Fleet.Migration;

namespace VirtAppliance.Cli.Hypervisor;

/// <summary>
/// Opens the connection an instance is on and brings its plan up to date before a command acts on it: a migration
/// that a killed process left half done is finished or undone first.
/// </summary>
internal sealed class InstanceSessions : IDisposable
{
    private readonly Dictionary<string, HypervisorSession> sessions = new(StringComparer.Ordinal);

    /// <summary>The instance's plan, with any pending migration settled.</summary>
    public InstancePlan Load(string name) => Current(HypervisorAccess.Store().Load(name));

    public InstancePlan Current(InstancePlan plan) =>
        plan.Migration is null ? plan : new Migrator(HypervisorAccess.State, HypervisorAccess.Open).Settle(plan);

    public InstanceManager ManagerFor(InstancePlan plan)
    {
        if (!sessions.TryGetValue(plan.ConnectionUri, out var session))
        {
            session = HypervisorAccess.Open(plan.ConnectionUri);
            sessions[plan.ConnectionUri] = session;
        }

        return new InstanceManager(session, HypervisorAccess.Store());
    }

    public void Dispose()
    {
        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }
    }
}
