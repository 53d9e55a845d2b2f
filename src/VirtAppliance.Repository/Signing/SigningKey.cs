using System.Security.Cryptography;

namespace VirtAppliance.Repository.Signing;

/// <summary>
/// An ECDSA P-256 key pair for signing repository indexes (.NET has ECDSA built in; Ed25519 it has not). The private
/// key is a PKCS#8 PEM file; the public key, which clients pin, is a SubjectPublicKeyInfo PEM file.
/// </summary>
public sealed class SigningKey : IDisposable
{
    public const string Algorithm = "ecdsa-p256-sha256";

    private readonly ECDsa key;

    private SigningKey(ECDsa key) => this.key = key;

    /// <summary>SHA-256 of the public key's DER, hex: names the key in signatures and messages.</summary>
    public string KeyId => KeyIds.Of(key);

    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static SigningKey Load(string path)
    {
        var pem = File.ReadAllText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: not a PEM private key ({error.Message}); make one with 'virt-appliance key generate'", error);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: an ECDSA P-256 key is needed, this one has {key.KeySize} bits");
        }

        return new SigningKey(key);
    }

    public string PrivateKeyPem() => key.ExportPkcs8PrivateKeyPem();

    public string PublicKeyPem() => key.ExportSubjectPublicKeyInfoPem();

    public byte[] Sign(ReadOnlySpan<byte> data) => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => key.Dispose();
}
