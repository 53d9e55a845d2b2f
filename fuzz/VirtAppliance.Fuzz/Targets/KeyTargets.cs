using System.Text;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>Public keys as a repository configuration or `--key FILE` pins them.</summary>
public static class KeyTargets
{
    public static void TrustedKey(byte[] input, Scratch scratch)
    {
        using var key = Repository.Signing.TrustedKey.FromPem(Encoding.UTF8.GetString(input), "key.pub");
        _ = key.KeyId;
        try
        {
            key.Verify("fuzz"u8, "AAAA", "fuzz");
        }
        catch (SignatureException)
        {
        }
    }
}
