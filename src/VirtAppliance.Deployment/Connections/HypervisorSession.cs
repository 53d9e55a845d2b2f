using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Connections;

/// <summary>
/// An open connection, settled: with the embedded driver, a guest that powered off while no process held the
/// connection is left paused by QEMU and reported running until the driver's reconnection finishes its shutdown.
/// Opening waits for that, so every command sees each guest's true state.
/// </summary>
public sealed class HypervisorSession : IDisposable
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    private HypervisorSession(LibvirtConnection connection, string requestedUri)
    {
        Connection = connection;
        RequestedUri = requestedUri;
    }

    public LibvirtConnection Connection { get; }

    /// <summary>The URI as the user or the default chose it (recorded in instance plans).</summary>
    public string RequestedUri { get; }

    public bool IsEmbedded => ConnectionUris.EmbeddedRoot(RequestedUri) is not null;

    /// <summary>Opens <paramref name="uri"/> with libvirt's own log going to the state directory (libvirt.log).</summary>
    public static HypervisorSession Open(string uri, StateDirectory state)
    {
        LibvirtLogging.SendToFile(Path.Combine(state.Root, "libvirt.log"));
        return Open(uri);
    }

    public static HypervisorSession Open(string uri)
    {
        if (ConnectionUris.EmbeddedRoot(uri) is { } root)
        {
            EmbeddedDriver.Prepare(root);
        }

        LibvirtConnection connection;
        try
        {
            connection = LibvirtConnection.Open(uri);
        }
        catch (LibvirtException error) when (error.Message.Contains("driver.pid", StringComparison.Ordinal))
        {
            throw new LibvirtException(
                $"{error.Message} ({EmbeddedDriver.Holder(ConnectionUris.EmbeddedRoot(uri)!)} holds the embedded driver at {ConnectionUris.EmbeddedRoot(uri)}: wait for it to finish, or deploy on a libvirt daemon ({ConnectionUris.System} or {ConnectionUris.Session}) where any number of processes can connect)",
                error.Code,
                error.ErrorDomain);
        }
        catch (LibvirtException error) when (uri == ConnectionUris.System && !Environment.IsPrivilegedProcess)
        {
            var why = File.Exists(ConnectionUris.SystemSocket)
                ? $"{ConnectionUris.System} is the system daemon's: it needs root, or membership in the libvirt group (adduser {Environment.UserName} libvirt, then log in again)"
                : "the system daemon is not running (root starts it: scripts/setup.sh does where no service manager runs)";
            throw new LibvirtException($"{error.Message} ({why}; your own guests run on {ConnectionUris.Session}, the default for users)", error.Code, error.ErrorDomain);
        }

        var session = new HypervisorSession(connection, uri);
        if (session.IsEmbedded)
        {
            session.Settle();
        }

        return session;
    }

    /// <summary>Waits until <paramref name="domain"/> is shut off, or the limit passes; true when it is.</summary>
    public static async Task<bool> WaitForShutoffAsync(LibvirtDomain domain, TimeSpan limit, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + limit;
        while (domain.GetState().IsActive)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation);
        }

        return true;
    }

    public void Dispose() => Connection.Dispose();

    private void Settle()
    {
        foreach (var domain in Connection.ListAllDomains())
        {
            using (domain)
            {
                if (!domain.GetState().IsActive)
                {
                    continue;
                }

                domain.WaitForPendingJobs();
                var deadline = DateTime.UtcNow + SettleLimit;
                if (domain.GetState().IsShuttingDown)
                {
                    while (domain.GetState().IsActive && DateTime.UtcNow < deadline)
                    {
                        Thread.Sleep(50);
                    }
                }
            }
        }
    }
}
