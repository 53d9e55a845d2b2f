using VirtAppliance.DiskImages;

namespace VirtAppliance.TestSupport;

/// <summary>Deterministic raw disks mixing incompressible data, text, zeros written out, and holes.</summary>
public static class SampleDisk
{
    public static byte[] Contents(long size, int seed)
    {
        var data = new byte[size];
        var random = new Random(seed);
        var text = System.Text.Encoding.ASCII.GetBytes("The quick brown appliance jumps over the lazy hypervisor. 0123456789\n");
        var position = 0L;
        while (position < size)
        {
            var length = (int)Math.Min(size - position, random.Next(1, 24) * 4096 + random.Next(0, 3) * 1000);
            var span = data.AsSpan((int)position, length);
            switch (random.Next(4))
            {
                case 0:
                    random.NextBytes(span);
                    break;
                case 1:
                    for (var i = 0; i < span.Length; i++)
                    {
                        span[i] = text[(i + random.Next(2)) % text.Length];
                    }

                    break;
                default:
                    break;
            }

            position += length;
        }

        return data;
    }

    /// <summary>A seed that is the same for the same text in every run (string.GetHashCode is randomised per process).</summary>
    public static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0xffff);
    }

    /// <summary>Writes the contents as a sparse raw file: zero runs of 64 KiB or more become holes.</summary>
    public static byte[] WriteRaw(string path, long size, int seed)
    {
        var data = Contents(size, seed);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.SetLength(size);
        const int block = 65536;
        for (var offset = 0; offset < size; offset += block)
        {
            var chunk = data.AsSpan(offset, (int)Math.Min(block, size - offset));
            if (chunk.ContainsAnyExcept((byte)0) || offset % (block * 4) == 0)
            {
                stream.Position = offset;
                stream.Write(chunk);
            }
        }

        return data;
    }

    public static byte[] ReadAll(DiskImage image)
    {
        var data = new byte[image.Capacity];
        image.Read(0, data);
        return data;
    }

    public static void AssertSame(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var common = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(common == expected.Length, $"contents differ first at byte {common}");
    }
}
