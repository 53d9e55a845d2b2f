using System.Security.Cryptography;

namespace VirtAppliance.Repository.Signing;

internal static class KeyIds
{
    public static string Of(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
}
