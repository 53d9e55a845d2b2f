using VirtAppliance.Customization.Applying;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>Archives as `tar-in` and `cpio-in` read them, member by member.</summary>
public static class ArchiveTargets
{
    public static void Tar(byte[] input, Scratch scratch) => ReadAll(input, scratch, cpio: false);

    public static void Cpio(byte[] input, Scratch scratch) => ReadAll(input, scratch, cpio: true);

    private static void ReadAll(byte[] input, Scratch scratch, bool cpio)
    {
        scratch.Clear();
        var path = scratch.Write(cpio ? "archive.cpio" : "archive.tar", input);
        foreach (var _ in ArchiveReader.Read(path, cpio))
        {
        }
    }
}
