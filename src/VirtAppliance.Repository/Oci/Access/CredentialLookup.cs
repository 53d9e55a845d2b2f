namespace VirtAppliance.Repository.Oci.Access;

/// <summary>Where credentials for a registry were found, and every place that was looked at (for the error when none were).</summary>
public sealed record CredentialSearch(RegistryCredential? Found, IReadOnlyList<string> Searched);

/// <summary>
/// Credentials as skopeo, podman and docker find them, first match wins: --creds, --authfile, $REGISTRY_AUTH_FILE,
/// $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json, ~/.docker/config.json. In each file a
/// credHelpers entry for the registry comes first, then the auths entry, then the credsStore helper.
/// </summary>
public static class CredentialLookup
{
    public static CredentialSearch Find(string host, string repository, RegistrySettings settings)
    {
        var searched = new List<string>();
        if (settings.Credentials is { } given)
        {
            return new CredentialSearch(given, [given.Origin]);
        }

        foreach (var path in AuthFiles(settings))
        {
            if (AuthFile.Load(path) is not { } file)
            {
                searched.Add($"{path} (absent)");
                continue;
            }

            searched.Add(path);
            var helper = file.HelperFor(host);
            var found = (helper is null ? null : CredentialHelper.Get(helper, host, settings.Environment))
                ?? file.Find(host, repository)
                ?? (file.CredsStore is { } store ? CredentialHelper.Get(store, host, settings.Environment) : null);
            if (found is not null)
            {
                return new CredentialSearch(found, searched);
            }
        }

        return new CredentialSearch(null, searched);
    }

    /// <summary>The auth files looked at, in order.</summary>
    public static IReadOnlyList<string> AuthFiles(RegistrySettings settings)
    {
        var files = new List<string>();
        void Add(string? path)
        {
            if (!string.IsNullOrEmpty(path) && !files.Contains(path))
            {
                files.Add(path);
            }
        }

        Add(settings.AuthFile);
        Add(settings.Environment("REGISTRY_AUTH_FILE"));
        if (settings.Environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            Add(Path.Combine(runtime, "containers", "auth.json"));
        }

        if (Home(settings) is { } home)
        {
            Add(Path.Combine(home, ".config", "containers", "auth.json"));
            Add(Path.Combine(home, ".docker", "config.json"));
        }

        return files;
    }

    /// <summary>The file `registry login` writes: --authfile, $REGISTRY_AUTH_FILE, else podman's default.</summary>
    public static string LoginFile(RegistrySettings settings)
    {
        if (settings.AuthFile is { } given)
        {
            return given;
        }

        if (settings.Environment("REGISTRY_AUTH_FILE") is { Length: > 0 } variable)
        {
            return variable;
        }

        return settings.Environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime
            ? Path.Combine(runtime, "containers", "auth.json")
            : Path.Combine(Home(settings) ?? throw new ArgumentException("HOME is not set: pass --authfile FILE"), ".config", "containers", "auth.json");
    }

    private static string? Home(RegistrySettings settings) => settings.Environment("HOME") is { Length: > 0 } home ? home : null;
}
