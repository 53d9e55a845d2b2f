using System.Security.Cryptography;

namespace VirtAppliance.Repository.Signing;

/// <summary>A pinned public key that verifies a repository's index.</summary>
public sealed class TrustedKey : IDisposable
{
    private readonly ECDsa key;

    private TrustedKey(ECDsa key, string source)
    {
        this.key = key;
        Source = source;
    }

    public string Source { get; }

    public string KeyId => KeyIds.Of(key);

    public static TrustedKey FromPem(string pem, string source)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{source}: not a PEM public key ({error.Message})", error);
        }

        return new TrustedKey(key, source);
    }

    public static TrustedKey Load(string path) =>
        File.Exists(path)
            ? FromPem(File.ReadAllText(path), path)
            : throw new FileNotFoundException($"the repository key {path} does not exist", path);

    /// <summary>Throws <see cref="SignatureException"/> unless <paramref name="signatureBase64"/> is this key's signature over <paramref name="data"/>.</summary>
    public void Verify(ReadOnlySpan<byte> data, string signatureBase64, string what)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            throw new SignatureException($"{what}: the signature is not base64");
        }

        if (!key.VerifyData(data, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new SignatureException($"{what}: the signature does not match its content (tampered with, or signed by another key)");
        }
    }

    public void Dispose() => key.Dispose();
}
