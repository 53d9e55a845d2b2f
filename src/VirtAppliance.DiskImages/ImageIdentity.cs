using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace VirtAppliance.DiskImages;

/// <summary>
/// Where a new image's identifiers (GUIDs, content ids) and timestamps come from: random and the clock, or derived
/// from a seed and an epoch, so that the same inputs give byte-identical files (reproducible builds).
/// </summary>
public sealed class ImageIdentity
{
    private readonly string? _seed;
    private readonly long? _epoch;

    private ImageIdentity(string? seed, long? epoch)
    {
        _seed = seed;
        _epoch = epoch;
    }

    /// <summary>Fresh random identifiers and the current time.</summary>
    public static ImageIdentity Random { get; } = new(null, null);

    /// <summary>Identifiers derived from <paramref name="seed"/> (give each image its own, the file's name for example) and <paramref name="epoch"/> as the time.</summary>
    public static ImageIdentity Seeded(string seed, long epoch) => new(seed, epoch);

    /// <summary>Whether identifiers come from a seed (reproducible output) rather than randomness.</summary>
    public bool IsSeeded => _seed is not null;

    /// <summary>The creation time written into headers (seconds since 1970).</summary>
    public DateTimeOffset Now => _epoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UtcNow;

    /// <summary>A GUID for <paramref name="purpose"/> ("vhdx.file-write.1", ...); the same seed and purpose give the same GUID.</summary>
    public Guid NewGuid(string purpose)
    {
        if (_seed is null)
        {
            return Guid.NewGuid();
        }

        Span<byte> bytes = stackalloc byte[16];
        Derive(purpose, bytes);
        bytes[7] = (byte)((bytes[7] & 0x0f) | 0x40); // version 4 layout, as random GUIDs have
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A non-zero 32-bit id for <paramref name="purpose"/> (a VMDK content id, say).</summary>
    public uint NewUInt32(string purpose)
    {
        if (_seed is null)
        {
            return (uint)System.Random.Shared.NextInt64(1, uint.MaxValue);
        }

        Span<byte> bytes = stackalloc byte[4];
        Derive(purpose, bytes);
        return Math.Max(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
    }

    private void Derive(string purpose, Span<byte> destination)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_seed}\0{purpose}"));
        hash.AsSpan(0, destination.Length).CopyTo(destination);
    }
}
