namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// A file of the appliance that an instance on a remote host needs there (a base disk, an ISO, a kernel, an initrd):
/// uploaded once per host into its storage pool as a volume named by the file's content digest, shared by every
/// instance on that host.
/// </summary>
public sealed record SharedFile(string LocalPath, string Volume, string HostPath, string Format, long Size);
