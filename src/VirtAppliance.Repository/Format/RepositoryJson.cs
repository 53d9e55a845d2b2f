using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VirtAppliance.Repository.Format;

/// <summary>The one JSON shape of repository files: kebab-case names, indented, no nulls.</summary>
public static class RepositoryJson
{
    /// <summary>No index, manifest or signature may be larger: they are read whole.</summary>
    public const int MaxDocumentBytes = 16 << 20;

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    public static T Deserialize<T>(ReadOnlySpan<byte> data, string where)
    {
        try
        {
            var document = JsonSerializer.Deserialize(data, TypeInfo<T>()) ?? throw new InvalidDataException($"{where}: empty document");
            return NullElements.Find(document) is { } path
                ? throw new InvalidDataException($"{where}: not a valid {typeof(T).Name} ({path} is null; the publisher wrote a broken document: publish it again)")
                : NullElements.WithEmptyLists(document);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{where}: not a valid {typeof(T).Name} ({error.Message})", error);
        }
    }

    /// <summary>The generated serialization code of a repository document.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() =>
        RepositoryJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not a repository document");
}
