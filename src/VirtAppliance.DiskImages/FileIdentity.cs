namespace VirtAppliance.DiskImages;

/// <summary>What identifies one version of a host file (see <see cref="HostFile.Identity"/>).</summary>
public sealed record FileIdentity(ulong Device, ulong Inode, long Size, long ModifiedNanoseconds, long ChangedNanoseconds);
