using System.Text;
using VirtAppliance.Filesystems.Iso9660;
using VirtAppliance.Filesystems.Fat;

namespace VirtAppliance.Customization.Seeds;

/// <summary>Writes a cloud-init NoCloud seed: an ISO 9660 volume (Joliet + Rock Ridge) or a FAT image, labelled cidata.</summary>
public static class SeedWriter
{
    public const string Label = "cidata";

    /// <summary>The smallest size mkfs.fat makes FAT16 of (enough clusters); sparse, so it costs little.</summary>
    private const long FatSize = 16L << 20;

    public static void Write(CloudConfigCompiler.Seed seed, string output, bool vfat, long epoch)
    {
        var files = new[]
        {
            new IsoImageWriter.IsoFile("meta-data", Encoding.UTF8.GetBytes(seed.MetaData)),
            new IsoImageWriter.IsoFile("user-data", Encoding.UTF8.GetBytes(seed.UserData)),
        };
        if (!vfat)
        {
            IsoImageWriter.Write(output, Label, files, DateTimeOffset.FromUnixTimeSeconds(epoch));
            return;
        }

        var temporary = DiskImages.TemporaryFile.For(output);
        var staging = temporary + ".files";
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in files)
            {
                File.WriteAllBytes(Path.Combine(staging, file.Name), file.Content);
            }

            using (var image = File.Create(temporary))
            {
                image.SetLength(FatSize);
            }

            // The label goes into the boot sector and the root folder (mkfs.fat writes both).
            FatFilesystem.Make(temporary, 0, FatSize, Label.ToUpperInvariant(), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed.InstanceId))), epoch, CancellationToken.None);
            FatFilesystem.CopyIn(temporary, 0, staging, epoch, CancellationToken.None);
            File.Move(temporary, output, overwrite: true);
        }
        catch
        {
            DiskImages.TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
