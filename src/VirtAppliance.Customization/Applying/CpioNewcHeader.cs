using System.Globalization;
using System.Text;

namespace VirtAppliance.Customization.Applying;

/// <summary>
/// A cpio "newc" (070701) or "crc" (070702) member header: a 6-byte magic and thirteen fields of 8 hexadecimal
/// digits, 110 bytes in all; the name follows, then the data, each padded to 4 bytes.
/// </summary>
internal readonly record struct CpioNewcHeader(int Mode, int Uid, int Gid, long FileSize, int NameSize)
{
    public const int Size = 110;
    public const int MagicLength = 6;
    public const int Alignment = 4;
    public const string Trailer = "TRAILER!!!";

    private const int FieldLength = 8;
    private const int ModeField = 1;
    private const int UidField = 2;
    private const int GidField = 3;
    private const int FileSizeField = 6;
    private const int NameSizeField = 11;

    private static readonly string[] FieldNames =
        ["ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check"];

    public static bool IsMagic(ReadOnlySpan<byte> magic) => magic.SequenceEqual("070701"u8) || magic.SequenceEqual("070702"u8);

    /// <exception cref="InvalidDataException">a field is not hexadecimal</exception>
    public static CpioNewcHeader Parse(ReadOnlySpan<byte> header, string archive, long offset) => new(
        (int)Field(header, ModeField, archive, offset),
        (int)Field(header, UidField, archive, offset),
        (int)Field(header, GidField, archive, offset),
        Field(header, FileSizeField, archive, offset),
        (int)Field(header, NameSizeField, archive, offset));

    /// <summary>Bytes of padding after a part of <paramref name="length"/> bytes that started aligned.</summary>
    public static int Padding(long length) => (int)((Alignment - length % Alignment) % Alignment);

    private static long Field(ReadOnlySpan<byte> header, int index, string archive, long offset)
    {
        var digits = header.Slice(MagicLength + index * FieldLength, FieldLength);
        return long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{archive}: the cpio header at byte {offset} has '{Encoding.ASCII.GetString(digits)}' as its {FieldNames[index]} field, not 8 hexadecimal digits");
    }
}
