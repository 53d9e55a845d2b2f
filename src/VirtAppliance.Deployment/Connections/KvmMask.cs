namespace VirtAppliance.Deployment.Connections;

/// <summary>
/// Where /dev/kvm exists but cannot run a guest, libvirt's QEMU driver re-probes QEMU on every connection (12-14 s).
/// Run as root against the embedded driver, the tool then re-executes itself in a private mount namespace with
/// /dev/null bound over /dev/kvm: libvirt sees no KVM, answers at once, and guests run under TCG as they would anyway.
/// </summary>
public static class KvmMask
{
    /// <summary>Set in the re-executed process so it does not mask again; set to "off" by users to disable masking.</summary>
    public const string EnvironmentVariable = "VIRT_APPLIANCE_KVM_MASK";

    public const string Device = "/dev/kvm";

    public static bool ShouldMask(string uri, bool kvmUsable, bool privileged, string? environmentValue) =>
        environmentValue is null
        && privileged
        && !kvmUsable
        && ConnectionUris.EmbeddedRoot(uri) is not null
        && File.Exists(Device);

    /// <summary>
    /// Whether libvirt's capability cache in an embedded root was probed with KVM visible. A cache probed with
    /// /dev/kvm masked records no KVM, which libvirt (seeing a /dev/kvm node) judges outdated on every connection and
    /// re-probes (~4 s); a cache probed unmasked stays valid under the mask. So the first run in a root goes unmasked
    /// (slow, once) and seeds the cache.
    /// </summary>
    public static bool CacheSeeded(string embeddedRoot)
    {
        var cache = Path.Combine(embeddedRoot, "cache", "qemu", "capabilities");
        return Directory.Exists(cache)
            && Directory.EnumerateFiles(cache, "*.xml").Any(file => File.ReadAllText(file).Contains("<flag name='kvm'/>", StringComparison.Ordinal));
    }

    /// <summary>The command that re-runs <paramref name="arguments"/> of <paramref name="executable"/> with KVM hidden.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(string executable, IEnumerable<string> arguments) =>
        ("unshare",
        [
            "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
            $"mount --bind /dev/null {Device} && exec \"$0\" \"$@\"", executable, .. arguments,
        ]);
}
