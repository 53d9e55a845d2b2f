using System.Security.Cryptography;
using System.Text;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.Layout;

/// <summary>UUIDs, volume ids and salts derived from the build seed, so one seed gives the same disks every time.</summary>
internal sealed class DeterministicIds(string seed)
{
    public string Seed { get; } = seed;

    public static DeterministicIds Random() => new(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    /// <summary>A version-4-shaped UUID for one purpose ("fs:/", "part:sda:1", ...).</summary>
    public Guid Uuid(string purpose)
    {
        Span<byte> bytes = stackalloc byte[16];
        Derive(purpose, bytes);
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public uint Number(string purpose)
    {
        Span<byte> bytes = stackalloc byte[4];
        Derive(purpose, bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>A crypt(3) salt: 16 characters of ./0-9A-Za-z.</summary>
    public string Salt(string purpose)
    {
        Span<byte> bytes = stackalloc byte[16];
        Derive(purpose, bytes);
        var salt = new char[16];
        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = Sha512Crypt.Alphabet[bytes[i] % Sha512Crypt.Alphabet.Length];
        }

        return new string(salt);
    }

    private void Derive(string purpose, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"virt-appliance build\0{Seed}\0{purpose}"), hash);
        hash[..destination.Length].CopyTo(destination);
    }
}
