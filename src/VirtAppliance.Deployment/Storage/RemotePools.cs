using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Storage;

/// <summary>Finds (or, for the default pool, creates) the storage pool of a remote host where instances go.</summary>
public static class RemotePools
{
    public static RemotePool Ensure(LibvirtConnection connection, string name)
    {
        using var pool = LibvirtStoragePool.Find(connection, name)
            ?? (name == RemotePool.DefaultName
                ? LibvirtStoragePool.DefineDirectory(connection, name, RemotePool.DefaultTargetPath)
                : throw new InvalidDataException($"{connection.Uri} has no storage pool '{name}': create it (virsh pool-define-as {name} dir --target DIR; virsh pool-build {name}; virsh pool-start {name}) or use the default pool"));
        if (!pool.IsActive)
        {
            try
            {
                pool.Start();
            }
            catch (LibvirtException error) when (error.Code == LibvirtErrorCode.OperationInvalid && pool.IsActive)
            {
                // Another deployment started it in the meantime.
            }
        }

        return new RemotePool(name, pool.TargetPath);
    }
}
