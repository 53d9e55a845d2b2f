using System.Globalization;
using System.Text.RegularExpressions;
using VirtAppliance.DiskImages;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VirtAppliance.Fleet.Inventory;

/// <summary>
/// The user's hosts, in $XDG_CONFIG_HOME/virt-appliance/hosts.yaml (default ~/.config): a YAML mapping from host name
/// to uri, labels, pool, overcommit-cpu and reserve-memory-mib, for people to read and edit as well as the commands.
/// </summary>
public sealed partial class HostInventory(string path)
{
    public string Path { get; } = path;

    public static HostInventory ForUser()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var config = !string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new HostInventory(System.IO.Path.Combine(config, "virt-appliance", "hosts.yaml"));
    }

    public IReadOnlyList<FleetHost> Load() => File.Exists(Path) ? Parse(File.ReadAllText(Path), Path) : [];

    public FleetHost Find(string name) =>
        Load().FirstOrDefault(h => h.Name == name)
        ?? throw new ArgumentException($"no host named '{name}' in {Path} (see 'virt-appliance hosts list'; add it with 'virt-appliance hosts add {name} URI')");

    public void Add(FleetHost host)
    {
        Validate(host);
        var hosts = Load().ToList();
        if (hosts.Any(h => h.Name == host.Name))
        {
            throw new ArgumentException($"a host named '{host.Name}' is in {Path} already: remove it first ('virt-appliance hosts remove {host.Name}')");
        }

        if (hosts.FirstOrDefault(h => h.Uri == host.Uri) is { } same)
        {
            throw new ArgumentException($"{host.Uri} is in {Path} already, as '{same.Name}'");
        }

        hosts.Add(host);
        Save(hosts);
    }

    public void Remove(string name)
    {
        var hosts = Load().ToList();
        if (hosts.RemoveAll(h => h.Name == name) == 0)
        {
            throw new ArgumentException($"no host named '{name}' in {Path}");
        }

        Save(hosts);
    }

    public static IReadOnlyList<FleetHost> Parse(string text, string file)
    {
        var stream = Customization.Recipes.YamlShape.Load(text, "host inventories",
            (line, problem) => new InvalidDataException(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}"));

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(file, stream.Documents[0].RootNode, "the file is a mapping from host names to their settings");
        }

        var hosts = new List<FleetHost>();
        foreach (var (key, value) in root.Children)
        {
            var name = Scalar(key, file, "a host name");
            if (value is not YamlMappingNode settings)
            {
                throw Error(file, value, $"host '{name}': expected its settings (uri, labels, pool, overcommit-cpu, reserve-memory-mib)");
            }

            var host = new FleetHost(name, "", new Dictionary<string, string>(StringComparer.Ordinal));
            foreach (var (field, setting) in settings.Children)
            {
                host = Scalar(field, file, "a setting name") switch
                {
                    "uri" => host with { Uri = Scalar(setting, file, $"host '{name}': uri") },
                    "labels" => host with { Labels = Labels(setting, file, name) },
                    "pool" => host with { Pool = Scalar(setting, file, $"host '{name}': pool") },
                    "overcommit-cpu" => host with { CpuOvercommit = Number(setting, file, $"host '{name}': overcommit-cpu") },
                    "reserve-memory-mib" => host with { ReserveMemoryMiB = (long)Number(setting, file, $"host '{name}': reserve-memory-mib") },
                    var other => throw Error(file, field, $"host '{name}': unknown setting '{other}' (uri, labels, pool, overcommit-cpu, reserve-memory-mib)"),
                };
            }

            try
            {
                Validate(host);
            }
            catch (ArgumentException error)
            {
                throw Error(file, key, error.Message);
            }

            hosts.Add(host);
        }

        return hosts;
    }

    /// <summary>Host names and label keys are words (letters, digits, '.', '_', '-'); a URI names a libvirt connection.</summary>
    public static void Validate(FleetHost host)
    {
        if (!Word().IsMatch(host.Name))
        {
            throw new ArgumentException($"host name '{host.Name}': use letters, digits, '.', '_' and '-' (up to 64)");
        }

        if (host.Uri.Length == 0 || !host.Uri.Contains(":/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"host '{host.Name}': '{host.Uri}' is not a libvirt URI (such as qemu+ssh://root@server/system)");
        }

        foreach (var key in host.Labels.Keys.Where(k => !Word().IsMatch(k)))
        {
            throw new ArgumentException($"host '{host.Name}': label '{key}': use letters, digits, '.', '_' and '-'");
        }

        if (host.CpuOvercommit is <= 0 or > 64 || double.IsNaN(host.CpuOvercommit))
        {
            throw new ArgumentException($"host '{host.Name}': overcommit-cpu {host.CpuOvercommit} is not between 0 and 64");
        }

        if (host.ReserveMemoryMiB < 0)
        {
            throw new ArgumentException($"host '{host.Name}': reserve-memory-mib {host.ReserveMemoryMiB} is negative");
        }
    }

    /// <summary>KEY=VALUE, as --label takes it.</summary>
    public static KeyValuePair<string, string> ParseLabel(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !Word().IsMatch(text[..equals]))
        {
            throw new ArgumentException($"--label '{text}': expected KEY=VALUE (KEY of letters, digits, '.', '_' and '-')");
        }

        return new(text[..equals], text[(equals + 1)..]);
    }

    private void Save(IReadOnlyList<FleetHost> hosts)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = TemporaryFile.For(Path);
        try
        {
            using (var writer = new StreamWriter(temporary))
            {
                writer.WriteLine("# virt-appliance hosts (docs/fleet.md): edit freely, or use 'virt-appliance hosts add|remove'.");
                Write(writer, hosts);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }

    private static void Write(TextWriter writer, IReadOnlyList<FleetHost> hosts)
    {
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        foreach (var host in hosts)
        {
            emitter.Emit(new Scalar(host.Name));
            emitter.Emit(new MappingStart());
            Pair(emitter, "uri", host.Uri);
            emitter.Emit(new Scalar("labels"));
            emitter.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
            foreach (var (key, value) in host.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                Pair(emitter, key, value);
            }

            emitter.Emit(new MappingEnd());
            Pair(emitter, "pool", host.Pool);
            Pair(emitter, "overcommit-cpu", host.CpuOvercommit.ToString(CultureInfo.InvariantCulture));
            Pair(emitter, "reserve-memory-mib", host.ReserveMemoryMiB.ToString(CultureInfo.InvariantCulture));
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
    }

    private static void Pair(Emitter emitter, string key, string value)
    {
        emitter.Emit(new Scalar(key));
        emitter.Emit(new Scalar(value));
    }

    private static Dictionary<string, string> Labels(YamlNode node, string file, string host)
    {
        if (node is not YamlMappingNode map)
        {
            throw Error(file, node, $"host '{host}': labels are a mapping (labels: {{zone: a}})");
        }

        return map.Children.ToDictionary(p => Scalar(p.Key, file, "a label"), p => Scalar(p.Value, file, "a label value"), StringComparer.Ordinal);
    }

    private static string Scalar(YamlNode node, string file, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(file, node, $"expected {what}");

    private static double Number(YamlNode node, string file, string what) =>
        double.TryParse(Scalar(node, file, what), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw Error(file, node, $"{what} is not a number");

    private static InvalidDataException Error(string file, YamlNode node, string message) => new($"{file}:{node.Start.Line}: {message}");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Word();
}
