using System.Text.Json;
using System.Text.Json.Serialization;

namespace VirtAppliance.Repository.Format;

/// <summary>The one JSON shape of repository files: kebab-case names, indented, no nulls.</summary>
public static class RepositoryJson
{
    /// <summary>No index, manifest or signature may be larger: they are read whole.</summary>
    public const int MaxDocumentBytes = 16 << 20;

    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> data, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(data, Options) ?? throw new InvalidDataException($"{where}: empty document");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{where}: not a valid {typeof(T).Name} ({error.Message})", error);
        }
    }
}
