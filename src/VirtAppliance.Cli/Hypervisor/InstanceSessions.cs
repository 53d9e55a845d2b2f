using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Cli.Hypervisor;

/// <summary>Opens the connection an instance was deployed on and reconciles the instance before a command acts on it.</summary>
internal sealed class InstanceSessions : IDisposable
{
    private readonly Dictionary<string, HypervisorSession> sessions = new(StringComparer.Ordinal);

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
