using System.Text;
using VirtAppliance.Repository.Oci.Access;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>What a registry or the user's files give the OCI client before any request is authenticated.</summary>
public static class RegistryAccessTargets
{
    /// <summary>A WWW-Authenticate header: SCHEME, a space, then its parameters.</summary>
    public static void Challenge(byte[] input, Scratch scratch)
    {
        var text = Encoding.UTF8.GetString(input);
        var space = text.IndexOf(' ');
        var challenge = AuthChallenge.Parse(space < 0 ? text : text[..space], space < 0 ? null : text[(space + 1)..]);
        _ = (challenge?.IsBearer, challenge?.Realm, challenge?.Service, challenge?.Scope, challenge?.Error);
    }

    /// <summary>An auth.json or docker config.json, then a lookup as the client does one.</summary>
    public static void AuthFileLookup(byte[] input, Scratch scratch)
    {
        var file = AuthFile.Parse(input, "auth.json");
        _ = file.Find("registry.example:5000", "team/app");
        _ = file.HelperFor("registry.example:5000");
        _ = file.CredsStore;
        file.Set("registry.example:5000", "user", "password");
        _ = file.Remove("other.example");
    }

    /// <summary>A token service's answer.</summary>
    public static void Token(byte[] input, Scratch scratch) => _ = BearerToken.Parse(input, DateTimeOffset.UnixEpoch, "https://auth.example/token");
}
