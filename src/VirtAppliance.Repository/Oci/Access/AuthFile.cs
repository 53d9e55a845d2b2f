using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// A containers auth.json (containers-auth.json(5)) or docker config.json: "auths" keyed by registry (HOST[:PORT],
/// optionally with a repository path, or a URL as docker writes it) with "auth" = base64(USER:PASSWORD) or an
/// "identitytoken"; "credHelpers" naming a helper per registry; "credsStore" naming one for all.
/// </summary>
public sealed class AuthFile
{
    /// <summary>Auth files are a few entries; anything larger is not one.</summary>
    public const int MaxBytes = 1 << 20;

    private readonly JsonObject root;

    private AuthFile(string path, JsonObject root)
    {
        Path = path;
        this.root = root;
    }

    public string Path { get; }

    /// <summary>The file, or null when it does not exist.</summary>
    public static AuthFile? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        if (stream.Length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: an auth file of {stream.Length} bytes is beyond the {MaxBytes} accepted");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Parse(bytes, path);
    }

    public static AuthFile Parse(ReadOnlySpan<byte> content, string path)
    {
        try
        {
            var node = JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
            if (node is not JsonObject root)
            {
                throw new InvalidDataException($"{path}: an auth file is a JSON object with \"auths\"");
            }

            Materialize(root);
            return new AuthFile(path, root);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not valid JSON at line {error.LineNumber + 1} (fix or remove the file)", error);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            // JsonNode reads names and strings lazily: invalid UTF-8 or a repeated name surfaces on first access.
            throw new InvalidDataException($"{path}: not a valid auth file ({error.Message}; fix or remove the file)", error);
        }
    }

    public static AuthFile Empty(string path) => new(path, []);

    /// <summary>The helper configured for every registry ("credsStore"), or null.</summary>
    public string? CredsStore => Text(root["credsStore"], "credsStore");

    /// <summary>The helper configured for this registry ("credHelpers"), or null.</summary>
    public string? HelperFor(string host) =>
        root["credHelpers"] is JsonObject helpers ? helpers.Where(h => RegistryKey.Normalize(h.Key) == host).Select(h => Text(h.Value, $"credHelpers.{h.Key}")).FirstOrDefault() : null;

    /// <summary>The entry for HOST/REPOSITORY: the longest matching key (HOST/a/b, then HOST/a, then HOST), or null.</summary>
    public RegistryCredential? Find(string host, string repository)
    {
        if (root["auths"] is not JsonObject auths)
        {
            return null;
        }

        var entries = auths.Select(a => (Key: RegistryKey.Normalize(a.Key), Original: a.Key, a.Value)).ToList();
        foreach (var candidate in RegistryKey.Candidates(host, repository))
        {
            var match = entries.FirstOrDefault(e => e.Key == candidate);
            if (match.Original is not null && Credential(match.Original, match.Value) is { } credential)
            {
                return credential;
            }
        }

        return null;
    }

    /// <summary>Sets HOST's entry to USER:PASSWORD, keeping every other entry and field.</summary>
    public void Set(string host, string username, string password)
    {
        var auths = root["auths"] as JsonObject ?? [];
        root["auths"] = auths;
        foreach (var key in auths.Select(a => a.Key).Where(k => RegistryKey.Normalize(k) == host).ToList())
        {
            auths.Remove(key);
        }

        auths[host] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")) };
    }

    /// <summary>Removes HOST's entries; false when there was none.</summary>
    public bool Remove(string host)
    {
        if (root["auths"] is not JsonObject auths)
        {
            return false;
        }

        var keys = auths.Select(a => a.Key).Where(k => RegistryKey.Normalize(k) == host).ToList();
        foreach (var key in keys)
        {
            auths.Remove(key);
        }

        return keys.Count > 0;
    }

    /// <summary>Writes the file readable by its owner only (0600), through a temporary name.</summary>
    public void Save()
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                root.WriteTo(writer);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads every name and string once, so that later lookups meet no lazily found error.</summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var (_, value) in fields)
                {
                    Materialize(value);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Materialize(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }

    private RegistryCredential? Credential(string key, JsonNode? entry)
    {
        if (entry is not JsonObject fields)
        {
            return null;
        }

        var origin = $"{Path} (\"{key}\")";
        if (Text(fields["identitytoken"], $"auths.{key}.identitytoken") is { Length: > 0 } token)
        {
            return new RegistryCredential(RegistryCredential.IdentityTokenUser, token, origin);
        }

        if (Text(fields["auth"], $"auths.{key}.auth") is not { Length: > 0 } auth)
        {
            return null;
        }

        try
        {
            return RegistryCredential.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(auth)), origin);
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{Path}: auths.{key}.auth is not base64 of USER:PASSWORD (log in again)");
        }
    }

    private string? Text(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new InvalidDataException($"{Path}: {field} is not a string"),
    };
}
