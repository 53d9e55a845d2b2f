using System.Globalization;
using System.Text;

namespace VirtAppliance.Building.Boot;

/// <summary>Writes a cpio archive in the "newc" format the kernel unpacks as an initramfs; every entry owned by root, at one time.</summary>
internal sealed class CpioWriter(Stream output, long mtime)
{
    private const string Magic = "070701";
    private const string Trailer = "TRAILER!!!";
    private const int Alignment = 4;
    private const int FileType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymlinkType = 0xa000;

    private int _inode = 1;

    public void Directory(string path, int permissions = 0x1ed) => Entry(path, DirectoryType | permissions, []);

    public void File(string path, ReadOnlySpan<byte> content, int permissions = 0x1a4) => Entry(path, FileType | permissions, content);

    public void Symlink(string path, string target) => Entry(path, SymlinkType | 0x1ff, Encoding.UTF8.GetBytes(target));

    public void Finish()
    {
        Entry(Trailer, 0, [], links: 1, inode: 0);
        output.Flush();
    }

    private void Entry(string path, int mode, ReadOnlySpan<byte> content, int? links = null, int? inode = null)
    {
        var name = Encoding.UTF8.GetBytes(path + "\0");
        var header = new StringBuilder(Magic);
        foreach (var field in new long[]
                 {
                     inode ?? _inode++, mode, 0, 0, links ?? ((mode & DirectoryType) != 0 ? 2 : 1), mtime, content.Length,
                     0, 0, 0, 0, name.Length, 0,
                 })
        {
            header.Append(field.ToString("x8", CultureInfo.InvariantCulture));
        }

        var headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        output.Write(headerBytes);
        output.Write(name);
        Pad(headerBytes.Length + name.Length);
        output.Write(content);
        Pad(content.Length);
    }

    private void Pad(int length)
    {
        var padding = (Alignment - length % Alignment) % Alignment;
        for (var i = 0; i < padding; i++)
        {
            output.WriteByte(0);
        }
    }
}
