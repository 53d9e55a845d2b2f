using VirtAppliance.Deployment.Instances;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Storage;

/// <summary>
/// The appliance's files in a remote host's pool, uploaded once per host. A shared volume is complete only once its
/// marker volume (NAME.complete) exists, made after the upload finished: a volume without it is what an interrupted
/// upload left, is never used, and is uploaded again from the start.
/// </summary>
public static class SharedVolumes
{
    /// <summary>Uploads <paramref name="file"/> unless the pool has it complete; true when it was uploaded now.</summary>
    public static bool Ensure(LibvirtStoragePool pool, SharedFile file, IProgress<long>? progress, CancellationToken cancellation)
    {
        if (IsComplete(pool, file.Volume))
        {
            return false;
        }

        using (var partial = pool.FindVolume(file.Volume))
        {
            partial?.Delete();
        }

        using (var volume = pool.CreateVolume(file.Volume, file.Size, "raw"))
        using (var source = new FileStream(file.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            if (source.Length != file.Size)
            {
                throw new InvalidDataException($"{file.LocalPath} is {source.Length} bytes now, {file.Size} when the instance was planned: the appliance's file changed");
            }

            volume.Upload(source, file.Size, progress is null ? null : progress.Report, cancellation);
        }

        pool.CreateVolume(file.Volume + RemotePool.CompleteSuffix, 0, "raw").Dispose();
        return true;
    }

    public static bool IsComplete(LibvirtStoragePool pool, string volume)
    {
        using var marker = pool.FindVolume(volume + RemotePool.CompleteSuffix);
        using var data = marker is null ? null : pool.FindVolume(volume);
        return data is not null;
    }

    /// <summary>Removes a shared volume and its marker (marker first: a half-removed file is then incomplete, never used).</summary>
    public static void Remove(LibvirtStoragePool pool, string volume)
    {
        foreach (var name in new[] { volume + RemotePool.CompleteSuffix, volume })
        {
            using var found = pool.FindVolume(name);
            found?.Delete();
        }
    }
}
