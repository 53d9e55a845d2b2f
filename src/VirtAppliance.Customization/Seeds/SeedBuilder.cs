using System.Text.Json.Nodes;
using VirtAppliance.Customization.Operations;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Seeds;

/// <summary>The cloud-config a recipe's operations add to, one after another (see <see cref="Operation.AddTo"/>).</summary>
internal sealed class SeedBuilder(Recipe recipe)
{
    public JsonObject Config { get; } = new();

    public JsonArray Users { get; } = new("default");

    public JsonArray Files { get; } = new();

    /// <summary>bootcmd: every-boot scripts.</summary>
    public JsonArray BootCommands { get; } = new();

    /// <summary>runcmd: first-boot scripts and everything that is not a cloud-config key, in recipe order.</summary>
    public JsonArray RunCommands { get; } = new();

    public string? Hostname { get; private set; }

    public void SetHostname(string hostname)
    {
        Hostname = hostname;
        Config["hostname"] = hostname;
        Config["preserve_hostname"] = false;
    }

    public void AddFile(string path, byte[] content, FileSettings settings) => Files.Add((JsonNode)new JsonObject
    {
        ["path"] = path,
        ["encoding"] = "b64",
        ["content"] = Convert.ToBase64String(content),
        ["permissions"] = Octal(settings.Mode ?? (UnixFileMode)0x1a4),
        ["owner"] = settings.Owner ?? "root:root",
    });

    /// <summary>A shell command line for runcmd.</summary>
    public void Run(string command) => RunCommands.Add((JsonNode)JsonValue.Create(command)!);

    /// <summary>A host file the recipe names, read now (relative to the recipe's folder).</summary>
    public byte[] ReadHost(int line, string source)
    {
        var path = recipe.HostPath(line, source);
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new RecipeException(recipe.File, line, $"{path} does not exist on this host");
    }

    public RecipeException OfflineOnly(Operation operation) =>
        new(recipe.File, operation.Line, $"{operation.Name} is applied offline only (customize, or deploy --recipe), not through a cloud-init seed");

    public static string ModeSuffix(string path, UnixFileMode? mode) => mode is { } value ? $" && chmod {Octal(value)} {Quote(path)}" : "";

    public static string OwnerSuffix(string path, string? owner) => owner is null ? "" : $" && chown {Quote(owner)} {Quote(path)}";

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    /// <summary>A POSIX shell single-quoted word.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
