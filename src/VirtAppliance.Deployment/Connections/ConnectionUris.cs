namespace VirtAppliance.Deployment.Connections;

/// <summary>Which libvirt URI to use when the user gives none, and what kind a URI is.</summary>
public static class ConnectionUris
{
    public const string System = "qemu:///system";
    public const string Session = "qemu:///session";

    /// <summary>The system daemon's socket: present while it runs.</summary>
    public const string SystemSocket = "/run/libvirt/libvirt-sock";

    /// <summary>Facts about this machine and the user's settings the choice depends on.</summary>
    /// <param name="EnvironmentUri">LIBVIRT_DEFAULT_URI</param>
    /// <param name="ConfiguredUri">uri_default from libvirt.conf (/etc/libvirt for root, ~/.config/libvirt for users)</param>
    public sealed record Facts(bool IsRoot, bool SystemDaemonReachable, bool SessionDaemonInstalled, string? EnvironmentUri = null, string? ConfiguredUri = null);

    /// <summary>The URI, and why it was chosen (said to the user when it is not what they would expect).</summary>
    public sealed record Choice(string Uri, string Reason);

    /// <summary>
    /// As libvirt's clients resolve it: LIBVIRT_DEFAULT_URI, then uri_default in libvirt.conf, then qemu:///system for
    /// root and qemu:///session for other users (libvirt starts the session daemon on demand). Where no daemon can be
    /// had (root without a running system daemon; no daemon installed), libvirt's embedded QEMU driver in the state
    /// directory.
    /// </summary>
    public static Choice ChooseDefault(Facts facts, StateDirectory state)
    {
        if (!string.IsNullOrWhiteSpace(facts.EnvironmentUri))
        {
            return new Choice(facts.EnvironmentUri.Trim(), "LIBVIRT_DEFAULT_URI");
        }

        if (!string.IsNullOrWhiteSpace(facts.ConfiguredUri))
        {
            return new Choice(facts.ConfiguredUri.Trim(), "uri_default in libvirt.conf");
        }

        if (facts.IsRoot && facts.SystemDaemonReachable)
        {
            return new Choice(System, "the system daemon, the default for root");
        }

        if (!facts.IsRoot && facts.SessionDaemonInstalled)
        {
            return new Choice(Session, "your session daemon, which libvirt starts on demand");
        }

        return new Choice(
            Embedded(state.EmbeddedLibvirtRoot),
            facts.IsRoot
                ? "no libvirt daemon is running (scripts/setup.sh starts one), so libvirt's embedded QEMU driver"
                : "no libvirt daemon is installed (package libvirt-daemon), so libvirt's embedded QEMU driver");
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
        return new Facts(isRoot, File.Exists(SystemSocket), DaemonInstalled(), Environment.GetEnvironmentVariable("LIBVIRT_DEFAULT_URI"), ConfiguredDefault(isRoot));
    }

    /// <summary>uri_default from the libvirt.conf libvirt's client reads (/etc/libvirt for root, $XDG_CONFIG_HOME/libvirt for users).</summary>
    public static string? ConfiguredDefault(bool isRoot)
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var userConfig = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var file = isRoot ? "/etc/libvirt/libvirt.conf" : Path.Combine(userConfig, "libvirt", "libvirt.conf");
        return File.Exists(file) ? LibvirtConf.Value(File.ReadAllText(file), "uri_default") : null;
    }

    private static bool DaemonInstalled() =>
        new[] { "/usr/sbin/libvirtd", "/usr/sbin/virtqemud" }.Any(File.Exists);
}
