using System.Globalization;
using System.Text;
using VirtAppliance.Customization.Guest;
using VirtAppliance.Customization.Operations;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Applying;

/// <summary>
/// Applies a recipe's operations in order to a guest filesystem. Every operation is written so that applying the
/// recipe again changes nothing more (append-line appends a line only once, patch skips a patch already applied,
/// users are created or updated). A failing operation is reported with its recipe line.
/// </summary>
public sealed partial class RecipeApplier
{
    internal const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    internal const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Recipe _recipe;
    private readonly IGuestFilesystem _guest;
    private readonly string _scratch;
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal) { "/" };
    private int _scratchFiles;
    private int _bootScripts;

    /// <summary>The filesystem operations change.</summary>
    internal IGuestFilesystem Guest => _guest;

    /// <summary>The recipe being applied (host paths are relative to its folder).</summary>
    internal Recipe Recipe => _recipe;

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
                if (operation.FatRefusal(_guest.Type) is { } reason)
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
                operation.Apply(this);
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

    internal void WriteText(string path, string content, FileSettings attributes) =>
        PutFile(path, Scratch(Encoding.UTF8.GetBytes(content)), attributes.Mode ?? FileMode, Owner(attributes.Owner));

    internal void PutFile(string path, string hostFile, UnixFileMode mode, (int Uid, int Gid) owner)
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
    internal void Rewrite(string path, byte[] content)
    {
        var entry = _guest.Stat(path);
        _guest.WriteFile(path, Scratch(content), entry.Exists ? entry.Mode : FileMode, entry.Uid, entry.Gid);
    }

    internal byte[] ReadExisting(string path)
    {
        var entry = _guest.Stat(path);
        return entry.Kind switch
        {
            GuestEntryKind.File => _guest.ReadFile(path),
            GuestEntryKind.None => throw new FileNotFoundException($"{path} does not exist in the guest"),
            _ => throw new IOException($"{path} is a {entry.Kind.ToString().ToLowerInvariant()} in the guest, not a file"),
        };
    }

    /// <summary>Removes a guest path, recursively; nothing when it is not there.</summary>
    internal void Remove(string path)
    {
        _guest.Remove(path);
        _knownDirectories.RemoveWhere(d => d == path || d.StartsWith(path + "/", StringComparison.Ordinal));
    }

    internal void EnsureParent(string path) => EnsureDirectory(Parent(path), DirectoryMode, (0, 0), keepExisting: true);

    /// <summary>Creates a folder and its missing parents; an existing folder keeps its mode and owner unless asked otherwise.</summary>
    internal void EnsureDirectory(string path, UnixFileMode mode, (int Uid, int Gid) owner, bool keepExisting = false)
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

    internal void RequireExists(string path)
    {
        if (!_guest.Stat(path).Exists)
        {
            throw new FileNotFoundException($"{path} does not exist in the guest");
        }
    }

    internal static void RequireHostFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist on this host");
        }
    }

    internal string Scratch(byte[] content)
    {
        var path = Path.Combine(_scratch, $"content-{Interlocked.Increment(ref _scratchFiles).ToString(CultureInfo.InvariantCulture)}");
        File.WriteAllBytes(path, content);
        return path;
    }

    internal static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
