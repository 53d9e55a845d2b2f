using VirtAppliance.Deployment.Connections;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Probing;

namespace VirtAppliance.Deployment.Deploying;

/// <summary>An open connection and what its host offers (libvirt's capabilities plus, for this machine, the KVM probe).</summary>
public sealed class ConnectedHost(HypervisorSession session, HostCapabilities capabilities) : IDisposable
{
    public HypervisorSession Session { get; } = session;

    public HostCapabilities Capabilities { get; } = capabilities;

    public string Uri => Session.RequestedUri;

    /// <summary>A host that does not share this machine's files: instance disks go to its storage pool as volumes.</summary>
    public bool IsRemote => !ConnectionUris.IsLocal(Uri) && !ConnectionUris.IsTestDriver(Uri) && ConnectionUris.EmbeddedRoot(Uri) is null;

    /// <summary>Opens <paramref name="uri"/> and describes its host; <paramref name="kvm"/> is asked only for this machine's URIs.</summary>
    public static ConnectedHost Connect(string uri, StateDirectory state, Func<KvmProbe.Result> kvm)
    {
        var localKvm = ConnectionUris.IsLocal(uri) ? kvm() : null;
        var session = HypervisorSession.Open(uri, state);
        try
        {
            return new ConnectedHost(session, HostDiscovery.Describe(session, localKvm));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => Session.Dispose();
}
