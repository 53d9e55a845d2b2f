using System.Formats.Tar;
using VirtAppliance.Building.Interop;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>
/// Extracts a root filesystem archive into the staged root: members that climb out (..) or pass through a symbolic
/// link are refused; owners and device nodes go to the ledger; modes and modification times are kept.
/// </summary>
internal static class TarExtractor
{
    public static void Extract(Stream archive, string root, OwnershipLedger ledger, string sourceName, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(archive);
        var directories = new List<(string Path, DateTimeOffset Time)>();
        while (Read(() => reader.GetNextEntry(), sourceName) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var guest = GuestPath.Normalize(entry.Name)
                ?? throw new InvalidDataException($"{sourceName}: member '{entry.Name}' climbs out of the root (..); refusing the archive");
            if (guest == "/")
            {
                if (entry.EntryType == TarEntryType.Directory)
                {
                    File.SetUnixFileMode(root, entry.Mode);
                    ledger.SetOwner(guest, entry.Uid, entry.Gid);
                    directories.Add((root, entry.ModificationTime));
                }

                continue;
            }

            var host = GuestPath.OnHost(root, guest);
            StagedFolder.PrepareParent(root, guest, sourceName);
            ledger.Forget(guest);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!Directory.Exists(host) || StagedFolder.IsLink(host))
                    {
                        Remove(host);
                        Directory.CreateDirectory(host);
                    }

                    File.SetUnixFileMode(host, entry.Mode);
                    directories.Add((host, entry.ModificationTime));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Remove(host);
                    using (var output = new FileStream(host, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                    {
                        Read(() => { entry.DataStream?.CopyTo(output); return 0; }, sourceName);
                    }

                    File.SetUnixFileMode(host, entry.Mode);
                    File.SetLastWriteTimeUtc(host, entry.ModificationTime.UtcDateTime);
                    break;
                case TarEntryType.SymbolicLink:
                    Remove(host);
                    File.CreateSymbolicLink(host, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var target = GuestPath.Normalize(entry.LinkName)
                        ?? throw new InvalidDataException($"{sourceName}: hard link '{entry.Name}' points out of the root ({entry.LinkName})");
                    StagedFolder.PrepareParent(root, target, sourceName);
                    var targetHost = GuestPath.OnHost(root, target);
                    if (!File.Exists(targetHost) || StagedFolder.IsLink(targetHost))
                    {
                        throw new InvalidDataException($"{sourceName}: hard link '{entry.Name}' names '{entry.LinkName}', which is not an earlier regular file");
                    }

                    Remove(host);
                    Posix.Link(targetHost, host);
                    break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    Remove(host);
                    var kind = entry.EntryType switch { TarEntryType.CharacterDevice => 'c', TarEntryType.BlockDevice => 'b', _ => 'p' };
                    ledger.AddSpecial(guest, new SpecialFile(kind, (entry as PosixTarEntry)?.DeviceMajor ?? 0, (entry as PosixTarEntry)?.DeviceMinor ?? 0, entry.Mode));
                    break;
                default:
                    continue;
            }

            ledger.SetOwner(guest, entry.Uid, entry.Gid);
        }

        foreach (var (path, time) in Enumerable.Reverse(directories))
        {
            Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }
    }

    /// <summary>Runs a read of the archive, naming the archive when its bytes are not a tar archive.</summary>
    private static T Read<T>(Func<T> read, string sourceName)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{sourceName}: not a readable tar archive ({exception.Message})", exception);
        }
    }

    private static void Remove(string path)
    {
        if (StagedFolder.IsLink(path) || File.Exists(path))
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
