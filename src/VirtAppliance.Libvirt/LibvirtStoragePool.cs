using System.Runtime.InteropServices;
using System.Security;
using System.Xml.Linq;

namespace VirtAppliance.Libvirt;

/// <summary>A storage pool of a libvirt host: where volumes (disk images) live on that host.</summary>
public sealed class LibvirtStoragePool : IDisposable
{
    private readonly LibvirtConnection connection;
    private readonly SafeStoragePoolHandle handle;

    private LibvirtStoragePool(LibvirtConnection connection, SafeStoragePoolHandle handle, string name)
    {
        this.connection = connection;
        this.handle = handle;
        Name = name;
    }

    /// <summary>The pool's name.</summary>
    public string Name { get; }

    /// <summary>Whether the pool is active.</summary>
    public bool IsActive => Native.Check(Interop.Interop.virStoragePoolIsActive(handle), $"asking whether pool '{Name}' is active") == 1;

    /// <summary>The pool's folder on its host (a dir pool's target path).</summary>
    public string TargetPath =>
        XElement.Parse(Native.TakeString(Interop.Interop.virStoragePoolGetXMLDesc(handle, 0), $"reading pool '{Name}'")).Element("target")?.Element("path")?.Value
        ?? throw new NotSupportedException($"storage pool '{Name}' has no target path: use a directory pool");

    /// <summary>The pool named <paramref name="name"/> on <paramref name="connection"/>, or null.</summary>
    public static LibvirtStoragePool? Find(LibvirtConnection connection, string name)
    {
        var handle = Interop.Interop.virStoragePoolLookupByName(connection.Handle, name);
        if (!handle.IsInvalid)
        {
            return new LibvirtStoragePool(connection, handle, name);
        }

        handle.Dispose();
        var error = Native.LastError($"looking up storage pool '{name}'");
        return error.Code == LibvirtErrorCode.NoStoragePool ? null : throw error;
    }

    /// <summary>Defines a persistent directory pool at <paramref name="targetPath"/>, builds its folder, starts it and marks it autostart.</summary>
    public static LibvirtStoragePool DefineDirectory(LibvirtConnection connection, string name, string targetPath)
    {
        var xml = $"<pool type='dir'><name>{SecurityElement.Escape(name)}</name><target><path>{SecurityElement.Escape(targetPath)}</path></target></pool>";
        var pool = new LibvirtStoragePool(connection, Native.Check(Interop.Interop.virStoragePoolDefineXML(connection.Handle, xml, 0), $"defining storage pool '{name}'"), name);
        Native.Check(Interop.Interop.virStoragePoolBuild(pool.handle, 0), $"building storage pool '{name}'");
        pool.Start();
        Native.Check(Interop.Interop.virStoragePoolSetAutostart(pool.handle, 1), $"marking storage pool '{name}' autostart");
        return pool;
    }

    /// <summary>Activates the pool.</summary>
    public void Start() => Native.Check(Interop.Interop.virStoragePoolCreate(handle, 0), $"starting storage pool '{Name}'");

    /// <summary>How long a refresh waits for the pool's volume jobs to end.</summary>
    public static readonly TimeSpan RefreshPatience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Rescans the pool's folder (files written behind libvirt's back, such as console logs, become volumes). libvirt
    /// refuses while a volume job runs in the pool ("has asynchronous jobs running"; it counts a volume being built,
    /// such as another instance's disk created on the same host by a fleet deployment; an upload alone is not one), so
    /// that answer is waited out, up to <see cref="RefreshPatience"/>.
    /// </summary>
    public void Refresh()
    {
        var deadline = DateTime.UtcNow + RefreshPatience;
        var pause = TimeSpan.FromMilliseconds(50);
        while (!TryRefresh())
        {
            if (DateTime.UtcNow + pause > deadline)
            {
                Native.Check(Interop.Interop.virStoragePoolRefresh(handle, 0), $"refreshing storage pool '{Name}'");
                return;
            }

            Thread.Sleep(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Refreshes the pool unless a volume job runs in it (false then); other failures throw.</summary>
    public bool TryRefresh()
    {
        if (Interop.Interop.virStoragePoolRefresh(handle, 0) >= 0)
        {
            return true;
        }

        var error = Native.LastError($"refreshing storage pool '{Name}'");
        return error.Message.Contains("asynchronous jobs running", StringComparison.Ordinal) ? false : throw error;
    }

    /// <summary>The names of the pool's volumes.</summary>
    public IReadOnlyList<string> VolumeNames()
    {
        var count = Native.Check(Interop.Interop.virStoragePoolNumOfVolumes(handle), $"counting the volumes of pool '{Name}'");
        var names = new IntPtr[count];
        var listed = Native.Check(Interop.Interop.virStoragePoolListVolumes(handle, names, count), $"listing the volumes of pool '{Name}'");
        var result = new List<string>(listed);
        foreach (var name in names.Take(listed))
        {
            result.Add(Marshal.PtrToStringUTF8(name)!);
            unsafe
            {
                NativeMemory.Free((void*)name);
            }
        }

        return result;
    }

    /// <summary>The volume named <paramref name="name"/>, or null.</summary>
    public LibvirtStorageVolume? FindVolume(string name)
    {
        var volume = Interop.Interop.virStorageVolLookupByName(handle, name);
        if (!volume.IsInvalid)
        {
            return new LibvirtStorageVolume(connection, volume, name);
        }

        volume.Dispose();
        var error = Native.LastError($"looking up volume '{name}' in pool '{Name}'");
        return error.Code == LibvirtErrorCode.NoStorageVolume ? null : throw error;
    }

    /// <summary>Creates an empty volume of <paramref name="capacity"/> bytes in <paramref name="format"/> (raw, qcow2...).</summary>
    public LibvirtStorageVolume CreateVolume(string name, long capacity, string format)
    {
        var xml = $"<volume><name>{SecurityElement.Escape(name)}</name><capacity unit='bytes'>{capacity}</capacity>"
            + $"<target><format type='{SecurityElement.Escape(format)}'/></target></volume>";
        return new LibvirtStorageVolume(connection, Native.Check(Interop.Interop.virStorageVolCreateXML(handle, xml, 0), $"creating volume '{name}' in pool '{Name}'"), name);
    }

    /// <summary>Releases the handle.</summary>
    public void Dispose() => handle.Dispose();
}
