using VirtAppliance.Building.Elf;

namespace VirtAppliance.Building.Boot;

/// <summary>
/// A kernel's module tree (/lib/modules/VERSION): finds module files by name and resolves their dependencies from each
/// module's own .modinfo "depends=" (no depmod needed, so a kernel package unpacked by dpkg-deb works as it is).
/// </summary>
internal sealed class KernelModules
{
    private readonly string _folder;
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtin = new(StringComparer.Ordinal);

    private KernelModules(string folder) => _folder = folder;

    public static KernelModules Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: the kernel's module folder is missing");
        }

        var modules = new KernelModules(folder);
        foreach (var file in Directory.EnumerateFiles(folder, "*.ko*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            modules._files.TryAdd(NameOf(file), Path.GetRelativePath(folder, file));
        }

        var builtin = Path.Combine(folder, "modules.builtin");
        if (File.Exists(builtin))
        {
            foreach (var line in File.ReadLines(builtin))
            {
                modules._builtin.Add(NameOf(line.Trim()));
            }
        }

        return modules;
    }

    /// <summary>Module files (relative to the module folder) for the names wanted, dependencies first; built-in or absent names are skipped.</summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> names)
    {
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string name)
        {
            if (_builtin.Contains(name) || !_files.TryGetValue(name, out var file) || !seen.Add(name))
            {
                return;
            }

            foreach (var dependency in Dependencies(file))
            {
                Visit(dependency);
            }

            order.Add(file);
        }

        foreach (var name in names)
        {
            Visit(NameOf(name));
        }

        return order;
    }

    public string FullPath(string relative) => Path.Combine(_folder, relative);

    public static string NameOf(string path)
    {
        var name = Path.GetFileName(path);
        var ko = name.IndexOf(".ko", StringComparison.Ordinal);
        return (ko > 0 ? name[..ko] : name).Replace('-', '_');
    }

    private IEnumerable<string> Dependencies(string file)
    {
        if (!file.EndsWith(".ko", StringComparison.Ordinal))
        {
            return [];
        }

        var depends = ElfFile.ModuleInfo(FullPath(file)).FirstOrDefault(entry => entry.StartsWith("depends=", StringComparison.Ordinal));
        return depends is null ? [] : depends["depends=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(NameOf);
    }
}
