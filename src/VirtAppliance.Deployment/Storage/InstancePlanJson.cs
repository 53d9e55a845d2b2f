using System.Text.Json;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Deployment.Storage;

/// <summary>
/// The plan file's JSON, written and read field by field through Utf8JsonWriter and JsonDocument: the format is the
/// file's contract (plans written by earlier versions still load, tested), kept apart from the record's shape.
/// </summary>
internal static class InstancePlanJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static void Write(Stream stream, InstancePlan plan)
    {
        using var json = new Utf8JsonWriter(stream, WriterOptions);
        WritePlan(json, plan);
    }

    private static void WritePlan(Utf8JsonWriter json, InstancePlan plan)
    {
        json.WriteStartObject();
        json.WriteNumber("format", plan.Format);
        json.WriteString("name", plan.Name);
        json.WriteString("connection-uri", plan.ConnectionUri);
        json.WriteString("descriptor-path", plan.DescriptorPath);
        json.WriteStartObject("metadata");
        json.WriteString("appliance", plan.Metadata.Appliance);
        json.WriteString("version", plan.Metadata.Version);
        json.WriteString("release", plan.Metadata.Release);
        json.WriteString("variant", plan.Metadata.Variant);
        json.WriteString("phase", InstanceMetadata.PhaseName(plan.Metadata.Phase));
        json.WriteEndObject();
        json.WriteString("domain-type", plan.DomainType);
        json.WriteString("uuid", plan.Uuid);
        json.WriteStartArray("mac-addresses");
        foreach (var mac in plan.MacAddresses)
        {
            json.WriteStringValue(mac);
        }

        json.WriteEndArray();
        json.WriteStartArray("disks");
        foreach (var disk in plan.Disks)
        {
            WriteDisk(json, disk);
        }

        json.WriteEndArray();
        json.WriteString("final-xml", plan.FinalXml);
        json.WriteString("install-xml", plan.InstallXml);
        json.WriteString("console-log", plan.ConsoleLog);
        json.WriteString("install-log", plan.InstallLog);
        json.WriteBoolean("start", plan.Start);
        json.WriteString("created-at", plan.CreatedAt);
        json.WriteStartArray("published");
        foreach (var port in plan.Published)
        {
            json.WriteStartObject();
            json.WriteString("address", port.Address);
            json.WriteNumber("host-port", port.HostPort);
            json.WriteNumber("guest-port", port.GuestPort);
            json.WriteString("protocol", port.Protocol);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (plan.Recipe is { } recipe)
        {
            json.WriteStartObject("recipe");
            json.WriteString("file", recipe.File);
            json.WriteStartObject("variables");
            foreach (var (name, value) in recipe.Variables)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteBoolean("as-seed", recipe.AsSeed);
            json.WriteStartArray("allowed-host-paths");
            foreach (var allowed in recipe.AllowedHostPaths)
            {
                json.WriteStringValue(allowed);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("recipe");
        }

        WriteRemote(json, plan);
        json.WriteEndObject();
    }

    /// <summary>What only plans of remote hosts have: the pool, the shared files there, a pending migration.</summary>
    private static void WriteRemote(Utf8JsonWriter json, InstancePlan plan)
    {
        if (plan.Pool is { } pool)
        {
            json.WriteStartObject("pool");
            json.WriteString("name", pool.Name);
            json.WriteString("target-path", pool.TargetPath);
            json.WriteEndObject();
        }

        json.WriteStartArray("shared-files");
        foreach (var file in plan.SharedFiles)
        {
            json.WriteStartObject();
            json.WriteString("local-path", file.LocalPath);
            json.WriteString("volume", file.Volume);
            json.WriteString("host-path", file.HostPath);
            json.WriteString("format", file.Format);
            json.WriteNumber("size", file.Size);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (plan.Migration is { } migration)
        {
            json.WriteStartObject("migration");
            json.WriteString("destination-uri", migration.DestinationUri);
            json.WriteBoolean("offline", migration.Offline);
            json.WritePropertyName("destination");
            WritePlan(json, migration.Destination);
            json.WriteEndObject();
        }
    }

    /// <summary>Reads a plan; a missing or mistyped field is an <see cref="InvalidDataException"/> naming it.</summary>
    public static InstancePlan Read(ReadOnlyMemory<byte> data)
    {
        using var document = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = 16 });
        return ReadPlan(document.RootElement, nested: false);
    }

    private static InstancePlan ReadPlan(JsonElement root, bool nested)
    {
        var metadata = RequiredObject(root, "metadata");
        return new InstancePlan
        {
            Format = root.TryGetProperty("format", out var format) ? format.GetInt32() : InstancePlan.CurrentFormat,
            Name = Required(root, "name"),
            ConnectionUri = Required(root, "connection-uri"),
            DescriptorPath = Required(root, "descriptor-path"),
            Metadata = new InstanceMetadata(
                Required(metadata, "appliance"),
                Optional(metadata, "version"),
                Optional(metadata, "release"),
                Required(metadata, "variant"),
                InstanceMetadata.ParsePhase(Required(metadata, "phase")) ?? throw Invalid("metadata.phase")),
            DomainType = Required(root, "domain-type"),
            Uuid = Required(root, "uuid"),
            MacAddresses = RequiredArray(root, "mac-addresses").Select(mac => mac.GetString() ?? throw Invalid("mac-addresses")).ToList(),
            Disks = RequiredArray(root, "disks").Select(ReadDisk).ToList(),
            FinalXml = Required(root, "final-xml"),
            InstallXml = Optional(root, "install-xml"),
            ConsoleLog = Required(root, "console-log"),
            InstallLog = Optional(root, "install-log"),
            Start = Boolean(root, "start", true),
            CreatedAt = root.TryGetProperty("created-at", out var created) ? created.GetDateTimeOffset() : default,
            Recipe = root.TryGetProperty("recipe", out var recipe) && recipe.ValueKind == JsonValueKind.Object ? ReadRecipe(recipe) : null,
            Published = root.TryGetProperty("published", out var published) && published.ValueKind == JsonValueKind.Array
                ? published.EnumerateArray().Select(ReadPort).ToList()
                : [],
            Pool = root.TryGetProperty("pool", out var pool) && pool.ValueKind == JsonValueKind.Object
                ? new RemotePool(Required(pool, "name"), Required(pool, "target-path"))
                : null,
            SharedFiles = root.TryGetProperty("shared-files", out var files) && files.ValueKind == JsonValueKind.Array
                ? files.EnumerateArray().Select(ReadSharedFile).ToList()
                : [],
            Migration = !nested && root.TryGetProperty("migration", out var migration) && migration.ValueKind == JsonValueKind.Object
                ? new PendingMigration(Required(migration, "destination-uri"), Boolean(migration, "offline", false), ReadPlan(RequiredObject(migration, "destination"), nested: true))
                : null,
        };
    }

    private static SharedFile ReadSharedFile(JsonElement file) =>
        new(Required(file, "local-path"), Required(file, "volume"), Required(file, "host-path"), Required(file, "format"),
            file.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : throw Invalid("shared-files[].size"));

    private static Planning.PublishedPort ReadPort(JsonElement port) =>
        new(Required(port, "address"), Number(port, "host-port"), Number(port, "guest-port"), Required(port, "protocol"));

    private static void WriteDisk(Utf8JsonWriter json, InstanceDisk disk)
    {
        json.WriteStartObject();
        json.WriteString("id", disk.Id);
        json.WriteString("use", DiskUseNames.Name(disk.Use));
        json.WriteString("path", disk.Path);
        json.WriteString("format", disk.Format);
        json.WriteString("target", disk.Target);
        json.WriteString("bus", disk.Bus);
        json.WriteString("serial", disk.Serial);
        json.WriteString("base-path", disk.BasePath);
        json.WriteString("base-format", disk.BaseFormat);
        if (disk.SizeBytes is { } size)
        {
            json.WriteNumber("size-bytes", size);
        }
        else
        {
            json.WriteNull("size-bytes");
        }

        json.WriteBoolean("cdrom", disk.Cdrom);
        json.WriteBoolean("install-only", disk.InstallOnly);
        if (disk.External)
        {
            json.WriteBoolean("external", true);
        }

        if (disk.Volume is not null)
        {
            json.WriteString("volume", disk.Volume);
        }

        if (disk.BaseHostPath is not null)
        {
            json.WriteString("base-host-path", disk.BaseHostPath);
        }

        json.WriteEndObject();
    }

    private static InstanceDisk ReadDisk(JsonElement disk) => new()
    {
        Id = Required(disk, "id"),
        Use = DiskUseNames.Parse(Required(disk, "use")) ?? throw Invalid("disks[].use"),
        Path = Required(disk, "path"),
        Format = Required(disk, "format"),
        Target = Required(disk, "target"),
        Bus = Required(disk, "bus"),
        Serial = Required(disk, "serial"),
        BasePath = Optional(disk, "base-path"),
        BaseFormat = Optional(disk, "base-format"),
        SizeBytes = disk.TryGetProperty("size-bytes", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
        Cdrom = Boolean(disk, "cdrom", false),
        InstallOnly = Boolean(disk, "install-only", false),
        External = Boolean(disk, "external", false),
        Volume = Optional(disk, "volume"),
        BaseHostPath = Optional(disk, "base-host-path"),
    };

    private static InstanceRecipe ReadRecipe(JsonElement recipe)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (recipe.TryGetProperty("variables", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in values.EnumerateObject())
            {
                variables[variable.Name] = variable.Value.GetString() ?? throw Invalid($"recipe.variables.{variable.Name}");
            }
        }

        var allowed = recipe.TryGetProperty("allowed-host-paths", out var paths) && paths.ValueKind == JsonValueKind.Array
            ? paths.EnumerateArray().Select(p => p.GetString() ?? throw Invalid("recipe.allowed-host-paths")).ToList()
            : [];
        return new InstanceRecipe(Required(recipe, "file"), variables, Boolean(recipe, "as-seed", false)) { AllowedHostPaths = allowed };
    }

    private static string Required(JsonElement element, string name) =>
        Optional(element, name) ?? throw Invalid(name);

    private static string? Optional(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(name);
    }

    private static bool Boolean(JsonElement element, string name, bool absent)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return absent;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(name),
        };
    }

    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw Invalid(name);

    private static JsonElement RequiredObject(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Invalid(name);

    private static JsonElement.ArrayEnumerator RequiredArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Invalid(name);

    private static JsonException Invalid(string field) => new($"the field '{field}' is missing or not valid");
}
