using System.Security.Cryptography;
using System.Text;

namespace VirtAppliance.Filesystems.Guests;

/// <summary>SHA-512 crypt ($6$), Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" with the default 5000 rounds.</summary>
public static class Sha512Crypt
{
    private const int Rounds = 5000;
    private const int MaxSaltLength = 16;
    /// <summary>crypt(3)'s base-64 alphabet, for salts and the encoded digest.</summary>
    public const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The order in which the final digest's bytes are encoded, three at a time (the last group has one byte).</summary>
    private static readonly int[][] EncodingOrder =
    [
        [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29],
        [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16],
        [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
    ];

    public static string RandomSalt() => RandomNumberGenerator.GetString(Alphabet, MaxSaltLength);

    public static string Hash(string password, string salt)
    {
        salt = salt[..Math.Min(salt.Length, MaxSaltLength)];
        var p = Encoding.UTF8.GetBytes(password);
        var s = Encoding.UTF8.GetBytes(salt);

        var b = SHA512.HashData([.. p, .. s, .. p]);
        using var a = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        a.AppendData(p);
        a.AppendData(s);
        int count;
        for (count = p.Length; count > 64; count -= 64)
        {
            a.AppendData(b);
        }

        a.AppendData(b, 0, count);
        for (count = p.Length; count > 0; count >>= 1)
        {
            a.AppendData((count & 1) != 0 ? b : p);
        }

        var c = a.GetHashAndReset();
        var pBytes = Repeat(SHA512.HashData(Concat(p, p.Length)), p.Length);
        var sBytes = Repeat(SHA512.HashData(Concat(s, 16 + c[0])), s.Length);
        for (var round = 0; round < Rounds; round++)
        {
            a.AppendData((round & 1) != 0 ? pBytes : c);
            if (round % 3 != 0)
            {
                a.AppendData(sBytes);
            }

            if (round % 7 != 0)
            {
                a.AppendData(pBytes);
            }

            a.AppendData((round & 1) != 0 ? c : pBytes);
            c = a.GetHashAndReset();
        }

        var result = new StringBuilder("$6$").Append(salt).Append('$');
        foreach (var group in EncodingOrder)
        {
            Encode(result, (c[group[0]] << 16) | (c[group[1]] << 8) | c[group[2]], 4);
        }

        Encode(result, c[63], 2);
        return result.ToString();
    }

    private static byte[] Concat(byte[] value, int times)
    {
        var result = new byte[value.Length * times];
        for (var i = 0; i < times; i++)
        {
            value.CopyTo(result, i * value.Length);
        }

        return result;
    }

    private static byte[] Repeat(byte[] digest, int length)
    {
        var result = new byte[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = digest[i % digest.Length];
        }

        return result;
    }

    private static void Encode(StringBuilder output, int value, int characters)
    {
        for (var i = 0; i < characters; i++)
        {
            output.Append(Alphabet[value & 0x3f]);
            value >>= 6;
        }
    }
}
