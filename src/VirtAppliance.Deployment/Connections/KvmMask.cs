namespace VirtAppliance.Deployment.Connections;

/// <summary>
/// Where /dev/kvm exists but cannot run a guest, libvirt's QEMU driver re-probes QEMU on every connection (12-14 s).
/// Run as root against the embedded driver, the tool then re-executes itself in a private mount namespace where
/// /dev/kvm is an empty read-only file: libvirt sees no usable KVM, answers at once, and guests run under TCG as they
/// would anyway.
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
    /// The command that re-runs <paramref name="arguments"/> of <paramref name="executable"/> with KVM hidden: an empty
    /// regular file (<paramref name="maskFile"/>) bound read-only over /dev/kvm. libvirt then finds /dev/kvm not
    /// writable (EROFS, which even root gets for a regular file) and judges KVM unusable, the same way every time, so
    /// its capability cache stays valid; QEMU cannot open KVM either and runs TCG.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(string executable, string maskFile, IEnumerable<string> arguments) =>
        ("unshare",
        [
            "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
            $"mount --bind \"$1\" {Device} && mount -o remount,bind,ro {Device} && shift && exec \"$0\" \"$@\"", executable, maskFile, .. arguments,
        ]);

    /// <summary>Creates (once) the empty file bound over /dev/kvm.</summary>
    public static string PrepareMaskFile(string stateRoot)
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, "kvm-mask");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, []);
        }

        return path;
    }
}
