using System.Text;
using System.Text.Json;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Fuzz;

/// <summary>
/// Seeds the harness writes itself: repository and OCI documents made by the toolkit's own serializers (as publish
/// makes them) and signed with <see cref="FuzzKeys"/>. The other seeds come from the peers' tools (fuzz/seeds.sh).
/// </summary>
public static class HarnessSeeds
{
    private static readonly DateTimeOffset Published = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Writes the seeds of <paramref name="target"/> into <paramref name="folder"/>; false when the harness makes none for it.</summary>
    public static bool Write(string target, string folder)
    {
        Directory.CreateDirectory(folder);
        var seeds = target switch
        {
            "index" => [("signed", SignedIndex(sign: true)), ("unsigned", SignedIndex(sign: false))],
            "envelope" => [("signed", SignedIndex(sign: true))],
            "manifest" => [("two-variants", RepositoryJson.Serialize(Manifest()))],
            "oci" => [("two-variants", OciDocuments())],
            "zstd-blob" => [("three-frames", ZstdBlob())],
            "trusted-key" => [("p256", Encoding.UTF8.GetBytes(FuzzKeys.PublicPem))],
            "auth-challenge" =>
            [
                ("bearer", "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:team/app:pull,push\",error=\"insufficient_scope\""u8.ToArray()),
                ("basic", "Basic realm=\"registry \\\"quoted\\\"\""u8.ToArray()),
            ],
            "auth-file" =>
            [
                ("containers", """{"auths": {"registry.example:5000": {"auth": "dXNlcjpwYXNzd29yZA=="}, "registry.example:5000/team": {"identitytoken": "refresh"}}}"""u8.ToArray()),
                ("docker", """{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop", "credHelpers": {"registry.example:5000": "pass"}}"""u8.ToArray()),
            ],
            "registry-token" => [("token", """{"token": "eyJ0eXAiOiJKV1QifQ.e30.c2ln", "access_token": "x", "expires_in": 300, "issued_at": "2026-01-02T03:04:05Z"}"""u8.ToArray())],
            _ => Array.Empty<(string Name, byte[] Bytes)>(),
        };
        foreach (var (name, bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return seeds.Length > 0;
    }

    /// <summary>Three frames as publish writes them (disk-like data: text, zeros, a repeated pattern), each one small.</summary>
    private static byte[] ZstdBlob()
    {
        byte[][] contents = [Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("root:x:0:0:root:/root:/bin/sh\n", 200))), new byte[64 * 1024], [.. Enumerable.Range(0, 9000).Select(i => (byte)(i % 251))]];
        return [.. contents.SelectMany(content =>
        {
            var frame = new byte[DiskImages.Compression.ZstdFrames.CompressBound(content.Length)];
            return frame[..DiskImages.Compression.ZstdFrames.Compress(content, frame)];
        })];
    }

    private static ApplianceManifest Manifest() => new()
    {
        Name = "lamp",
        Version = "1.2",
        Release = "3",
        Descriptor = Blob("descriptor", 812),
        DescriptorFile = "lamp.xml",
        Disks =
        [
            Disk("root", "root.raw", 1 << 20),
            Disk("data", "disks/data.raw", 4096),
        ],
        BootFiles = [Disk("vmlinuz", "boot/vmlinuz", 9000)],
        Variants =
        [
            new ManifestVariant { Id = "hvm", Type = "hvm", Arch = "x86_64", Disks = ["root", "data"], Firmware = "efi" },
            new ManifestVariant { Id = "pv", Type = "xen", Arch = "i686", Disks = ["root"], BootFiles = ["boot/vmlinuz"], AcceleratorRequired = true },
        ],
    };

    private static byte[] SignedIndex(bool sign)
    {
        var index = new RepositoryIndex
        {
            Serial = 7,
            Generated = Published,
            Appliances =
            [
                new IndexEntry { Name = "lamp", Version = "1.2", Release = "3", Label = "LAMP", Manifest = Blob("manifest-1.2", 900), Variants = ["hvm: hvm x86_64 efi"], TotalBytes = 1 << 20, Published = Published },
                new IndexEntry { Name = "lamp", Version = "1.10", Manifest = Blob("manifest-1.10", 901), Variants = ["pv: xen i686"], Published = Published },
            ],
        };
        using var key = sign ? SigningKeyFromHarness() : null;
        return RepositoryJson.Serialize(Envelope.Seal(RepositoryJson.Serialize(index), key));
    }

    private static SigningKey SigningKeyFromHarness()
    {
        var path = Path.Combine(Path.GetTempPath(), $"virt-appliance-fuzz-key-{Environment.ProcessId}.pem");
        File.WriteAllText(path, FuzzKeys.PrivatePem);
        try
        {
            return SigningKey.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>An image index and its two variant manifests, NUL-separated (the oci target's input shape).</summary>
    private static byte[] OciDocuments()
    {
        var config = new OciDescriptor(OciMediaTypes.Descriptor, Blob("descriptor", 812).Digest, 812);
        OciDescriptor Layer(string file, string id, bool boot) => new(
            OciMediaTypes.DiskZstd,
            Blob(file, 100).Digest,
            100,
            boot
                ? new Dictionary<string, string> { [OciMediaTypes.Title] = file, [OciMediaTypes.BootFile] = file }
                : new Dictionary<string, string> { [OciMediaTypes.Title] = file, [OciMediaTypes.DiskId] = id, [OciMediaTypes.ContentDigest] = Blob(file + "-content", 1).Digest, [OciMediaTypes.ContentSize] = "1048576" });
        var hvm = new OciImageManifest(2, OciMediaTypes.ImageManifest, config, [Layer("root.raw", "root", false)]);
        var pv = new OciImageManifest(2, OciMediaTypes.ImageManifest, config, [Layer("root.raw", "root", false), Layer("boot/vmlinuz", "vmlinuz", true)]);
        var hvmBytes = JsonSerializer.SerializeToUtf8Bytes(hvm);
        var pvBytes = JsonSerializer.SerializeToUtf8Bytes(pv);
        var index = new OciImageIndex(2, OciMediaTypes.ImageIndex,
        [
            new OciDescriptor(OciMediaTypes.ImageManifest, Digest.Of(hvmBytes).ToString(), hvmBytes.Length,
                new Dictionary<string, string> { [OciMediaTypes.Variant] = "hvm", [OciMediaTypes.Firmware] = "efi" }, new OciPlatform("amd64", "linux")),
            new OciDescriptor(OciMediaTypes.ImageManifest, Digest.Of(pvBytes).ToString(), pvBytes.Length,
                new Dictionary<string, string> { [OciMediaTypes.Variant] = "pv", [OciMediaTypes.BootType] = "xen", [OciMediaTypes.AcceleratorRequired] = "true" }, new OciPlatform("386", "linux")),
        ],
            new Dictionary<string, string> { [OciMediaTypes.Name] = "lamp", [OciMediaTypes.Version] = "1.2", [OciMediaTypes.DescriptorFile] = "lamp.xml" });
        return [.. JsonSerializer.SerializeToUtf8Bytes(index), 0, .. hvmBytes, 0, .. pvBytes];
    }

    private static ManifestDisk Disk(string id, string file, long size) => new()
    {
        Id = id,
        File = file,
        Format = "raw",
        Compression = "zstd",
        Blob = Blob(file, size / 3 + 1),
        Content = Blob(file + "-content", size),
    };

    private static BlobReference Blob(string name, long size) => new(Digest.Of(Encoding.UTF8.GetBytes(name)).ToString(), size);
}
