using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Oci;

namespace VirtAppliance.Interop.KubeVirt;

/// <summary>
/// A KubeVirt containerDisk: an OCI image whose one layer holds disk/NAME.qcow2, owned by uid and gid 107 (the qemu
/// user of KubeVirt's launcher pod) with mode 0440, as KubeVirt's documentation builds it with a Dockerfile.
/// </summary>
public static class ContainerDisk
{
    public const int QemuUid = 107;
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";

    /// <summary>The pushed image: its manifest digest and the layer's.</summary>
    public sealed record Pushed(string Reference, string ManifestDigest, string LayerDigest, long LayerBytes);

    /// <summary>Packs <paramref name="qcow2"/> as disk/FILE in a layer (written in <paramref name="work"/>) and pushes the image as REPOSITORY:TAG.</summary>
    public static async Task<Pushed> PushAsync(string qcow2, string work, OciRegistry registry, string tag, CancellationToken cancellation)
    {
        var layer = Path.Combine(work, Path.GetFileNameWithoutExtension(qcow2) + ".layer.tar");
        WriteLayer(qcow2, layer);
        var layerDigest = await DigestOfAsync(layer, cancellation);
        var layerBytes = new FileInfo(layer).Length;
        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layerDigest) },
        };
        var configPath = Path.Combine(work, Path.GetFileNameWithoutExtension(qcow2) + ".config.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString(), cancellation);
        var configDigest = await DigestOfAsync(configPath, cancellation);

        foreach (var (digest, path) in new[] { (layerDigest, layer), (configDigest, configPath) })
        {
            var parsed = Digest.Parse(digest, path);
            if (!await registry.HasBlobAsync(parsed, cancellation))
            {
                await registry.WriteBlobAsync(parsed, path, cancellation);
            }
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = Descriptor(ConfigMediaType, configDigest, new FileInfo(configPath).Length),
            ["layers"] = new JsonArray(Descriptor(LayerMediaType, layerDigest, layerBytes)),
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await registry.PutManifestAsync(tag, OciMediaTypes.ImageManifest, bytes, cancellation);
        return new Pushed($"{registry.Reference.Host}/{registry.Reference.Repository}:{tag}", Digest.Of(bytes).ToString(), layerDigest, layerBytes);
    }

    /// <summary>disk/ (0555) and disk/FILE (0440), both 107:107, with a fixed date so the layer is reproducible.</summary>
    public static void WriteLayer(string qcow2, string layer)
    {
        using var output = new FileStream(layer, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        var epoch = DateTimeOffset.UnixEpoch;
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "disk/")
        {
            Uid = QemuUid,
            Gid = QemuUid,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            ModificationTime = epoch,
        });
        using var data = File.OpenRead(qcow2);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "disk/" + Path.GetFileName(qcow2))
        {
            Uid = QemuUid,
            Gid = QemuUid,
            Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead,
            ModificationTime = epoch,
            DataStream = data,
        });
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static async Task<string> DigestOfAsync(string path, CancellationToken cancellation)
    {
        await using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation));
    }
}
