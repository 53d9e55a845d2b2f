using System.Text.Json;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Publishing;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Repository.Tests;

/// <summary>Appliances as OCI artifacts in a real registry (Debian's docker-registry on loopback), through the same source abstraction as folders.</summary>
[Trait("Category", "Network")]
public sealed class OciTests(OciRegistryHost registry) : IClassFixture<OciRegistryHost>
{
    /// <summary>Each test publishes under a prefix of its own: the registry is shared by the class.</summary>
    private string Location(string prefix) => $"oci://{registry.Address}/{prefix}";

    private OciSource Source(RepositoryFixture fixture, string prefix, TrustedKey? key = null, bool insecure = false) =>
        new("test", Location(prefix), fixture.Settings(key, insecure));

    private PublishOutcome Push(RepositoryFixture fixture, string prefix, bool signed = true, bool replace = false)
    {
        using var source = Source(fixture, prefix);
        return source.PublishAsync(fixture.DescriptorPath, signed ? fixture.Key : null, replace, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    private PullResult Pull(RepositoryFixture fixture, string prefix, TrustedKey? key, bool insecure = false, string host = "tcg-only-x86_64.xml", string reference = "three-ways")
    {
        using var source = Source(fixture, prefix, key, insecure);
        return fixture.Pull(source, host, reference: reference);
    }

    private static TrustedKey Pinned(RepositoryFixture fixture) => TrustedKey.FromPem(fixture.Key.PublicKeyPem(), "test key");

    [Fact]
    public async Task Variants_become_manifests_of_an_image_index_and_a_pull_fetches_one_variants_layers()
    {
        using var fixture = new RepositoryFixture(rootBytes: 40 << 20);
        var pushed = Push(fixture, "layers");
        Assert.Equal("1.0", pushed.Tag);
        Assert.Equal(4, pushed.BlobsUploaded); // the four disks; the 40 MiB root goes up in three 16 MiB PATCH chunks

        using var target = new OciRegistry(OciReference.ForAppliance(Location("layers"), "three-ways"));
        var index = JsonSerializer.Deserialize<OciImageIndex>((await target.GetManifestAsync("latest", OciMediaTypes.ImageIndex, CancellationToken.None))!)!;
        Assert.Equal(["386", "386", "amd64"], index.Manifests.Select(m => m.Platform!.Architecture));
        Assert.Equal(["xen", "xen", "hvm"], index.Manifests.Select(m => m.Annotations![OciMediaTypes.BootType]));

        using var key = Pinned(fixture);
        var result = Pull(fixture, "layers", key, reference: "three-ways:1.0");
        Assert.Equal("boot2", result.VariantId);
        Assert.Equal(result.VariantBytes, result.DownloadedBytes);
        Assert.Equal((40 << 20) + (1 << 20), result.VariantBytes);
        var folder = Path.GetDirectoryName(result.DescriptorPath)!;
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(Path.Combine(folder, "root.img")));
        Assert.False(File.Exists(Path.Combine(folder, "boot-pae.img")));
        Assert.Equal("boot1", Pull(fixture, "layers", key, host: "xen-pv-nonpae-i686.xml").VariantId);
    }

    [Fact]
    public void Signatures_are_required_checked_and_bound_to_the_index_digest()
    {
        using var fixture = new RepositoryFixture();
        Push(fixture, "signed");
        using var other = SigningKey.Generate();
        using var wrong = TrustedKey.FromPem(other.PublicKeyPem(), "other.pub");
        Assert.Contains("not by the pinned key", Assert.Throws<SignatureException>(() => Pull(fixture, "signed", wrong)).Message);
        Assert.Contains("no key is pinned", Assert.Throws<SignatureException>(() => Pull(fixture, "signed", null)).Message);

        // The tag moved to another index without a matching signature: refused, unless --insecure.
        fixture.WriteRandom("boot-hvm.img", 1 << 20);
        Push(fixture, "signed", signed: false, replace: true);
        using var key = Pinned(fixture);
        Assert.Contains("its signature is for", Assert.Throws<SignatureException>(() => Pull(fixture, "signed", key)).Message);
        Pull(fixture, "signed", key, insecure: true);
        Assert.Contains(fixture.Warnings, w => w.StartsWith("INSECURE"));
    }

    [Fact]
    public void A_version_with_other_content_is_refused_without_replace_and_the_same_content_again_is_not()
    {
        using var fixture = new RepositoryFixture();
        var first = Push(fixture, "replace");
        var again = Push(fixture, "replace");
        Assert.Equal(first.Digest, again.Digest);
        Assert.Equal((0, 4), (again.BlobsUploaded, again.BlobsReused));

        fixture.WriteRandom("boot-hvm.img", 1 << 20);
        var refused = Assert.Throws<RepositoryConflictException>(() => Push(fixture, "replace"));
        Assert.Contains("already has tag '1.0'", refused.Message);
        using var key = Pinned(fixture);
        Assert.Equal(first.Entry.Manifest.Digest, Find(fixture, "replace", key, "three-ways:1.0").Entry.Manifest.Digest);

        var replaced = Push(fixture, "replace", replace: true);
        Assert.NotEqual(first.Digest, replaced.Digest);
        Assert.Equal(replaced.Digest, Find(fixture, "replace", key, "three-ways:1.0").Entry.Manifest.Digest);
    }

    [Fact]
    public async Task Search_lists_every_appliance_under_the_prefix_and_info_gives_each_variants_download()
    {
        using var fixture = new RepositoryFixture();
        Push(fixture, "listed");
        fixture.WriteDescriptor("2.0", "two.xml");
        using (var source = Source(fixture, "listed"))
        {
            await source.PublishAsync(Path.Combine(fixture.Source, "two.xml"), fixture.Key, false, null, CancellationToken.None);
        }

        using var key = Pinned(fixture);
        using var listing = Source(fixture, "listed", key);
        var entries = await listing.ListAsync(CancellationToken.None);
        Assert.Equal(["1.0", "2.0"], entries.Where(e => e.Name == "three-ways").Select(e => e.Version).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal("Three ways to boot", e.Label));

        var appliance = Find(fixture, "listed", key, "three-ways");
        Assert.Equal("2.0", appliance.Entry.Version);
        Assert.Equal(["boot0", "boot1", "boot2"], appliance.Manifest.Variants.Select(v => v.Id));
        Assert.Equal("x86_64", appliance.Manifest.Variants[2].Arch);
        Assert.Equal((3 << 20) + (1 << 20), appliance.VariantBytes(appliance.Manifest.Variants[2]));
    }

    [Fact]
    public async Task A_layer_whose_file_name_differs_from_the_descriptors_is_refused_before_any_download()
    {
        using var fixture = new RepositoryFixture();
        Push(fixture, "hostile", signed: false);
        using var target = new OciRegistry(OciReference.ForAppliance(Location("hostile"), "three-ways"));
        var index = JsonSerializer.Deserialize<OciImageIndex>((await target.GetManifestAsync("1.0", OciMediaTypes.ImageIndex, CancellationToken.None))!)!;
        var renamedManifests = new List<OciDescriptor>();
        foreach (var entry in index.Manifests)
        {
            var manifest = JsonSerializer.Deserialize<OciImageManifest>((await target.GetManifestAsync(entry.Digest, OciMediaTypes.ImageManifest, CancellationToken.None))!)!;
            var renamed = manifest with
            {
                Layers = manifest.Layers.Select(l => l.Annotations!.GetValueOrDefault(OciMediaTypes.DiskId) == "root"
                    ? l with { Annotations = new Dictionary<string, string>(l.Annotations!) { [OciMediaTypes.Title] = "elsewhere.img" } }
                    : l).ToList(),
            };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(renamed);
            var digest = Digest.Of(bytes).ToString();
            await target.PutManifestAsync(digest, OciMediaTypes.ImageManifest, bytes, CancellationToken.None);
            renamedManifests.Add(entry with { Digest = digest, Size = bytes.Length });
        }

        await target.PutManifestAsync("1.0", OciMediaTypes.ImageIndex, JsonSerializer.SerializeToUtf8Bytes(index with { Manifests = renamedManifests }), CancellationToken.None);

        var error = Assert.Throws<InvalidDataException>(() => Pull(fixture, "hostile", null, insecure: true, reference: "three-ways:1.0"));
        Assert.Contains("disk 'root' is 'elsewhere.img', the descriptor says 'root.img'", error.Message);
        Assert.Empty(fixture.Cache.List());
    }

    [Fact]
    public void A_missing_tag_is_named()
    {
        using var fixture = new RepositoryFixture();
        using var key = Pinned(fixture);
        Assert.Contains("no tag '9.9'", Assert.Throws<FileNotFoundException>(() => Pull(fixture, "missing", key, reference: "nothing-here:9.9")).Message);
    }

    private PublishedAppliance Find(RepositoryFixture fixture, string prefix, TrustedKey key, string reference)
    {
        using var source = Source(fixture, prefix, key);
        return source.FindAsync(reference, CancellationToken.None).GetAwaiter().GetResult();
    }
}
