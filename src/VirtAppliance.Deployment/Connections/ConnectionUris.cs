namespace VirtAppliance.Deployment.Connections;

/// <summary>Which libvirt URI to use when the user gives none, and what kind a URI is.</summary>
public static class ConnectionUris
{
    public const string System = "qemu:///system";
    public const string Session = "qemu:///session";

    /// <summary>The system daemon's socket: present while it runs.</summary>
    public const string SystemSocket = "/run/libvirt/libvirt-sock";

    /// <summary>Facts about this machine the choice depends on.</summary>
    public sealed record Facts(bool IsRoot, bool SystemDaemonReachable, bool SessionDaemonInstalled);

    /// <summary>
    /// The daemon when one is reachable (system for root, session otherwise, which libvirt starts on demand when its
    /// daemon is installed); else libvirt's embedded QEMU driver rooted in the state directory.
    /// </summary>
    public static string ChooseDefault(Facts facts, StateDirectory state)
    {
        if (facts.IsRoot && facts.SystemDaemonReachable)
        {
            return System;
        }

        if (!facts.IsRoot && facts.SessionDaemonInstalled)
        {
            return Session;
        }

        return Embedded(state.EmbeddedLibvirtRoot);
    }

    public static string Embedded(string root) => $"qemu:///embed?root={Path.GetFullPath(root)}";

    /// <summary>The root folder of a qemu:///embed URI, or null for any other URI.</summary>
    public static string? EmbeddedRoot(string uri)
    {
        const string prefix = "qemu:///embed?";
        if (!uri.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var pair in uri[prefix.Length..].Split('&'))
        {
            if (pair.StartsWith("root=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["root=".Length..]);
            }
        }

        return null;
    }

    /// <summary>True for URIs whose hypervisor is this machine (so the local KVM probe applies to it).</summary>
    public static bool IsLocal(string uri) =>
        uri.StartsWith("qemu:///", StringComparison.Ordinal) || uri.StartsWith("qemu+unix:///", StringComparison.Ordinal);

    public static bool IsTestDriver(string uri) => uri.StartsWith("test://", StringComparison.Ordinal);

    public static Facts ProbeFacts()
    {
        var isRoot = Environment.IsPrivilegedProcess;
        return new Facts(isRoot, File.Exists(SystemSocket), DaemonInstalled());
    }

    private static bool DaemonInstalled() =>
        new[] { "/usr/sbin/libvirtd", "/usr/sbin/virtqemud" }.Any(File.Exists);
}
