using System.Text;

namespace VirtAppliance.Repository.Signing;

/// <summary>
/// The index travels in a DSSE envelope (in-toto's Dead Simple Signing Envelope): the exact payload bytes, base64,
/// with signatures over PAE(type, payload). One file, so a reader never pairs an index with another index's signature.
/// </summary>
public sealed record Envelope(string PayloadType, string Payload, IReadOnlyList<EnvelopeSignature> Signatures)
{
    public const string IndexPayloadType = "application/vnd.virt-appliance.index.v1+json";

    public byte[] PayloadBytes()
    {
        try
        {
            return Convert.FromBase64String(Payload);
        }
        catch (FormatException)
        {
            throw new InvalidDataException("the index envelope's payload is not base64");
        }
    }

    public static Envelope Seal(byte[] payload, SigningKey? key)
    {
        var signatures = key is null
            ? []
            : new[] { new EnvelopeSignature(key.KeyId, Convert.ToBase64String(key.Sign(PreAuthenticationEncoding(IndexPayloadType, payload)))) };
        return new Envelope(IndexPayloadType, Convert.ToBase64String(payload), signatures);
    }

    /// <summary>Returns the payload once a signature by <paramref name="key"/> verifies; throws SignatureException otherwise.</summary>
    public byte[] Open(TrustedKey key, string what)
    {
        if (PayloadType != IndexPayloadType)
        {
            throw new SignatureException($"{what}: payload type '{PayloadType}' is not a virt-appliance index");
        }

        if (Signatures.Count == 0)
        {
            throw new SignatureException($"{what} is not signed, but a key is pinned for it (use --insecure to accept it anyway)");
        }

        var payload = PayloadBytes();
        var signed = PreAuthenticationEncoding(PayloadType, payload);
        var mine = Signatures.FirstOrDefault(s => s.KeyId == key.KeyId)
            ?? throw new SignatureException($"{what} is signed by {string.Join(", ", Signatures.Select(s => s.KeyId[..Math.Min(16, s.KeyId.Length)] + "…"))}, not by the pinned key {key.KeyId[..16]}… ({key.Source})");
        key.Verify(signed, mine.Sig, what);
        return payload;
    }

    /// <summary>DSSE's PAE: "DSSEv1" SP len(type) SP type SP len(body) SP body.</summary>
    public static byte[] PreAuthenticationEncoding(string type, byte[] body)
    {
        var header = Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(type)} {type} {body.Length} ");
        return [.. header, .. body];
    }
}

/// <summary>One DSSE signature: the signing key's id (SHA-256 of its public key) and the signature, base64.</summary>
public sealed record EnvelopeSignature([property: System.Text.Json.Serialization.JsonPropertyName("keyid")] string KeyId, string Sig);
