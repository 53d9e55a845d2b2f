using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.Building.FilesystemMakers;

/// <summary>A Linux swap area header (version 1, "SWAPSPACE2"), as mkswap writes it for 4 KiB pages.</summary>
internal static class SwapHeader
{
    private const int PageSize = 4096;
    private const int VersionOffset = 1024;
    private const int LastPageOffset = 1028;
    private const int BadPagesOffset = 1032;
    private const int UuidOffset = 1036;
    private const int LabelOffset = 1052;
    private const int LabelLength = 16;
    private const string Magic = "SWAPSPACE2";
    private const int MinimumPages = 10;

    public static void Write(string disk, long offset, long size, Guid uuid, string? label)
    {
        var pages = size / PageSize;
        if (pages < MinimumPages)
        {
            throw new ArgumentException($"a swap partition needs at least {MinimumPages * PageSize / 1024} KiB");
        }

        var header = new byte[PageSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(VersionOffset), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(LastPageOffset), (uint)Math.Min(pages - 1, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(BadPagesOffset), 0);
        uuid.TryWriteBytes(header.AsSpan(UuidOffset, 16), bigEndian: true, out _);
        if (label is not null)
        {
            Encoding.ASCII.GetBytes(label.AsSpan(0, Math.Min(label.Length, LabelLength)), header.AsSpan(LabelOffset, LabelLength));
        }

        Encoding.ASCII.GetBytes(Magic, header.AsSpan(PageSize - Magic.Length));
        using var file = File.OpenHandle(disk, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(file, header, offset);
    }
}
