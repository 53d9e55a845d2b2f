using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace VirtAppliance.Repository.Format;

/// <summary>A content address, "sha256:" and 64 lower-case hex digits, as OCI spells it.</summary>
public sealed partial record Digest
{
    private Digest(string hex) => Hex = hex;

    public string Hex { get; }

    public override string ToString() => $"sha256:{Hex}";

    public static Digest Parse(string text, string where) =>
        TryParse(text) ?? throw new InvalidDataException($"{where}: '{text}' is not a sha256 digest (expected sha256: and 64 lower-case hex digits)");

    public static Digest? TryParse(string? text) =>
        text is not null && Pattern().Match(text) is { Success: true } match ? new Digest(match.Groups[1].Value) : null;

    public static Digest Of(ReadOnlySpan<byte> data) => new(Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Digest FromHash(byte[] sha256) => new(Convert.ToHexStringLower(sha256));

    [GeneratedRegex("^sha256:([0-9a-f]{64})$")]
    private static partial Regex Pattern();
}
