using System.Globalization;
using System.Text;
using VirtAppliance.Customization.Guest;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Applying;

/// <summary>
/// Applies a recipe's operations in order to a guest filesystem. Every operation is written so that applying the
/// recipe again changes nothing more (append-line appends a line only once, patch skips a patch already applied,
/// users are created or updated). A failing operation is reported with its recipe line.
/// </summary>
public sealed partial class RecipeApplier
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Recipe _recipe;
    private readonly IGuestFilesystem _guest;
    private readonly string _scratch;
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal) { "/" };
    private int _scratchFiles;
    private int _bootScripts;

    public RecipeApplier(Recipe recipe, IGuestFilesystem guest, string scratchFolder)
    {
        _recipe = recipe;
        _guest = guest;
        _scratch = scratchFolder;
    }

    public void Apply(CancellationToken cancellationToken)
    {
        if (!_guest.SupportsOwnership)
        {
            foreach (var operation in _recipe.Operations)
            {
                if (FatLimits.Refusal(operation, _guest.Type) is { } reason)
                {
                    throw new RecipeException(_recipe.File, operation.Line, $"{operation.Name}: {reason}");
                }
            }
        }

        foreach (var operation in _recipe.Operations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Apply(operation);
                _guest.Flush();
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or FormatException or ArgumentException or NotSupportedException
                                               && exception is not FileNotFoundException)
            {
                throw new RecipeException(_recipe.File, operation.Line, $"{operation.Name}: {exception.Message}");
            }
            catch (FileNotFoundException exception)
            {
                throw new RecipeException(_recipe.File, operation.Line, $"{operation.Name}: {exception.Message}");
            }
        }
    }

    private void Apply(Operation operation)
    {
        switch (operation)
        {
            case WriteOperation write:
                WriteText(write.Path, write.Content, write.Attributes);
                break;
            case UploadOperation upload:
                var source = _recipe.HostPath(upload.Source);
                RequireHostFile(source);
                PutFile(upload.Path, source, upload.Attributes.Mode ?? File.GetUnixFileMode(source) & (UnixFileMode)0xfff, Owner(upload.Attributes.Owner));
                break;
            case CopyInOperation copy:
                CopyIn(_recipe.HostPath(copy.Source), copy.Path);
                break;
            case ArchiveInOperation archive:
                ExtractArchive(_recipe.HostPath(archive.Source), archive.Path, archive.IsCpio);
                break;
            case MkdirOperation mkdir:
                EnsureDirectory(mkdir.Path, mkdir.Attributes.Mode ?? DirectoryMode, Owner(mkdir.Attributes.Owner));
                break;
            case ChmodOperation chmod:
                RequireExists(chmod.Path);
                _guest.SetMode(chmod.Path, chmod.Mode);
                break;
            case ChownOperation chown:
                RequireExists(chown.Path);
                var (uid, gid) = Owner(chown.Owner);
                _guest.SetOwner(chown.Path, uid, gid);
                break;
            case LinkOperation link:
                EnsureParent(link.Path);
                _guest.Symlink(link.Path, link.Target);
                break;
            case MoveOperation move:
                Move(move.From, move.To);
                break;
            case DeleteOperation delete:
                _guest.Remove(delete.Path);
                _knownDirectories.RemoveWhere(d => d == delete.Path || d.StartsWith(delete.Path + "/", StringComparison.Ordinal));
                break;
            case TouchOperation touch:
                if (!_guest.Stat(touch.Path).Exists)
                {
                    WriteText(touch.Path, "", new FileSettings(null, null));
                }

                break;
            case TruncateOperation truncate:
                var bytes = ReadExisting(truncate.Path);
                Array.Resize(ref bytes, (int)Math.Min(truncate.Size, int.MaxValue));
                Rewrite(truncate.Path, bytes);
                break;
            case AppendLineOperation append:
                AppendLine(append.Path, append.Text);
                break;
            case EditOperation edit:
                var text = Encoding.UTF8.GetString(ReadExisting(edit.Path));
                var edited = System.Text.RegularExpressions.Regex.Replace(text, edit.Pattern, edit.Replacement, System.Text.RegularExpressions.RegexOptions.Multiline);
                if (edited != text)
                {
                    Rewrite(edit.Path, Encoding.UTF8.GetBytes(edited));
                }

                break;
            case PatchOperation patch:
                Patch(patch);
                break;
            default:
                ApplySystem(operation);
                break;
        }
    }

    private void WriteText(string path, string content, FileSettings attributes) =>
        PutFile(path, Scratch(Encoding.UTF8.GetBytes(content)), attributes.Mode ?? FileMode, Owner(attributes.Owner));

    private void PutFile(string path, string hostFile, UnixFileMode mode, (int Uid, int Gid) owner)
    {
        EnsureParent(path);
        var existing = _guest.Stat(path);
        if (existing.Kind == GuestEntryKind.Directory)
        {
            throw new IOException($"{path} is a folder in the guest; a file cannot replace it");
        }

        _guest.WriteFile(path, hostFile, mode, owner.Uid, owner.Gid);
    }

    /// <summary>Writes new content into an existing file, keeping its mode and owner.</summary>
    private void Rewrite(string path, byte[] content)
    {
        var entry = _guest.Stat(path);
        _guest.WriteFile(path, Scratch(content), entry.Exists ? entry.Mode : FileMode, entry.Uid, entry.Gid);
    }

    private byte[] ReadExisting(string path)
    {
        var entry = _guest.Stat(path);
        return entry.Kind switch
        {
            GuestEntryKind.File => _guest.ReadFile(path),
            GuestEntryKind.None => throw new FileNotFoundException($"{path} does not exist in the guest"),
            _ => throw new IOException($"{path} is a {entry.Kind.ToString().ToLowerInvariant()} in the guest, not a file"),
        };
    }

    /// <summary>
    /// Applies a patch once: a marker under /var/lib/virt-appliance/patches remembers it, so that a later operation
    /// changing the patched lines (a user added to a patched-in group) does not make it apply again. A FAT
    /// filesystem (an ESP) gets no marker folder; there the patch's own check (already applied?) decides.
    /// </summary>
    private void Patch(PatchOperation patch)
    {
        var original = Encoding.UTF8.GetString(ReadExisting(patch.Path));
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(patch.Path + "\n" + patch.Diff)))[..16];
        var marker = $"{ScriptsFolder}/patches/{key}";
        if (_guest.Stat(marker).Exists)
        {
            return;
        }

        var patched = UnifiedPatch.Parse(patch.Diff).Apply(original);
        if (patched != original)
        {
            Rewrite(patch.Path, Encoding.UTF8.GetBytes(patched));
        }

        if (_guest.SupportsOwnership)
        {
            WriteText(marker, patch.Path + "\n", new FileSettings(null, null));
        }
    }

    private void AppendLine(string path, string line)
    {
        var existing = _guest.Stat(path).Exists ? Encoding.UTF8.GetString(ReadExisting(path)) : null;
        if (existing is not null && existing.Split('\n').Contains(line))
        {
            return;
        }

        var text = existing is null or "" ? line + "\n" : existing + (existing.EndsWith('\n') ? "" : "\n") + line + "\n";
        if (existing is null)
        {
            WriteText(path, text, new FileSettings(null, null));
        }
        else
        {
            Rewrite(path, Encoding.UTF8.GetBytes(text));
        }
    }

    private void Move(string from, string to)
    {
        var source = _guest.Stat(from);
        if (!source.Exists)
        {
            if (_guest.Stat(to).Exists)
            {
                return;
            }

            throw new FileNotFoundException($"{from} does not exist in the guest");
        }

        if (source.Kind == GuestEntryKind.Directory && Parent(from) != Parent(to))
        {
            throw new NotSupportedException($"{from} is a folder: folders can be renamed within their folder, not moved to another one");
        }

        EnsureParent(to);
        _guest.Remove(to);
        _guest.Rename(from, to);
    }

    private void EnsureParent(string path) => EnsureDirectory(Parent(path), DirectoryMode, (0, 0), keepExisting: true);

    /// <summary>Creates a folder and its missing parents; an existing folder keeps its mode and owner unless asked otherwise.</summary>
    private void EnsureDirectory(string path, UnixFileMode mode, (int Uid, int Gid) owner, bool keepExisting = false)
    {
        if (keepExisting && _knownDirectories.Contains(path))
        {
            return;
        }

        if (path != "/")
        {
            EnsureDirectory(Parent(path), DirectoryMode, (0, 0), keepExisting: true);
        }

        var entry = _guest.Stat(path);
        switch (entry.Kind)
        {
            case GuestEntryKind.None:
                _guest.MakeDirectory(path, mode, owner.Uid, owner.Gid);
                break;
            case GuestEntryKind.Directory or GuestEntryKind.Symlink when keepExisting:
                break;
            case GuestEntryKind.Directory:
                _guest.SetMode(path, mode);
                _guest.SetOwner(path, owner.Uid, owner.Gid);
                break;
            default:
                throw new IOException($"{path} exists in the guest and is not a folder");
        }

        _knownDirectories.Add(path);
    }

    private void RequireExists(string path)
    {
        if (!_guest.Stat(path).Exists)
        {
            throw new FileNotFoundException($"{path} does not exist in the guest");
        }
    }

    private static void RequireHostFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist on this host");
        }
    }

    private string Scratch(byte[] content)
    {
        var path = Path.Combine(_scratch, $"content-{Interlocked.Increment(ref _scratchFiles).ToString(CultureInfo.InvariantCulture)}");
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
