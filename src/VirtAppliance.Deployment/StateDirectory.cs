namespace VirtAppliance.Deployment;

/// <summary>Where the tool keeps its state: $XDG_STATE_HOME/virt-appliance (default ~/.local/state/virt-appliance).</summary>
public sealed record StateDirectory(string Root)
{
    public static StateDirectory Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".local", "state");
        return new StateDirectory(Path.Combine(baseDir, "virt-appliance"));
    }

    /// <summary>The root of libvirt's embedded QEMU driver (qemu:///embed?root=...).</summary>
    public string EmbeddedLibvirtRoot => Path.Combine(Root, "libvirt");

    /// <summary>One folder per instance: its plan, overlays, created disks and console logs.</summary>
    public string Instances => Path.Combine(Root, "instances");

    public string InstanceFolder(string name) => Path.Combine(Instances, name);

    /// <summary>Stamps of disks whose checksums deploy has verified (see VerifiedDiskStamps).</summary>
    public string VerifiedDisks => Path.Combine(Root, "verified");
}
