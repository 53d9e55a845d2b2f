using System.Text.RegularExpressions;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Deployment.Storage;

/// <summary>
/// The storage pool of a remote host where an instance's files go, and the names they get there: shared files as
/// va-shared-DIGEST.FORMAT (complete once the marker volume va-shared-DIGEST.FORMAT.complete exists), an instance's
/// own disks as INSTANCE-DISK.qcow2, its console log as INSTANCE.console.log.
/// </summary>
public sealed partial record RemotePool(string Name, string TargetPath)
{
    public const string DefaultName = "default";

    /// <summary>Where a default pool goes when a host has none (libvirt's own default).</summary>
    public const string DefaultTargetPath = "/var/lib/libvirt/images";

    public const string CompleteSuffix = ".complete";

    public string HostPath(string volume) => TargetPath.TrimEnd('/') + "/" + volume;

    /// <summary>A shared file's volume: its digest decides the name, so a host holds each content once.</summary>
    public SharedFile Shared(string localPath, string format, string sha256) =>
        SharedFileAt(localPath, $"va-shared-{sha256[..32]}.{format}", format);

    public static string InstanceVolume(string instance, string diskFileName) => $"{instance}-{diskFileName}.qcow2";

    public static string ConsoleLogVolume(string instance, bool install) => install ? $"{instance}.install.log" : $"{instance}.console.log";

    /// <summary>Whether a volume name is one of the shared files (prune removes only those, and their markers).</summary>
    public static bool IsShared(string volume) => SharedName().IsMatch(volume);

    private SharedFile SharedFileAt(string localPath, string volume, string format) =>
        new(Path.GetFullPath(localPath), volume, HostPath(volume), format, new FileInfo(localPath).Length);

    [GeneratedRegex(@"^va-shared-[0-9a-f]{32}\.[a-z0-9]+(\.complete)?$")]
    private static partial Regex SharedName();
}
