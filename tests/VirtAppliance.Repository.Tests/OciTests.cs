using System.Text.Json;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Repository.Tests;

/// <summary>Appliances as OCI artifacts in a real registry (Debian's docker-registry on loopback).</summary>
public sealed class OciTests(OciRegistryHost registry) : IClassFixture<OciRegistryHost>
{
    private OciRegistry Registry(string reference) => new(OciReference.ForAppliance($"oci://{registry.Address}/appliances", reference));

    private static (string Tag, string Digest, int Uploaded, int Reused) Push(RepositoryFixture fixture, OciRegistry target, bool signed = true) =>
        new OciPublisher(target, signed ? fixture.Key : null, fixture.Folder.File("work"))
            .PublishAsync(fixture.DescriptorPath, null, CancellationToken.None).GetAwaiter().GetResult();

    private static PullResult Pull(RepositoryFixture fixture, OciRegistry source, TrustedKey? key, bool insecure = false, string host = "tcg-only-x86_64.xml") =>
        new OciPuller(source, key, insecure, fixture.Warnings.Add, fixture.Cache)
            .PullAsync(RepositoryFixture.For(host), fixture.Folder.File("pulled"), null, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public async Task Variants_become_manifests_of_an_image_index_and_a_pull_fetches_one_variants_layers()
    {
        using var fixture = new RepositoryFixture(rootBytes: 40 << 20);
        using var target = Registry("three-ways");
        var (tag, _, uploaded, _) = Push(fixture, target);
        Assert.Equal("1.0", tag);
        Assert.Equal(4, uploaded); // the four disks; the 40 MiB root goes up in three 16 MiB PATCH chunks

        var index = JsonSerializer.Deserialize<OciImageIndex>((await target.GetManifestAsync("latest", OciMediaTypes.ImageIndex, CancellationToken.None))!)!;
        Assert.Equal(["386", "386", "amd64"], index.Manifests.Select(m => m.Platform!.Architecture));
        Assert.Equal(["xen", "xen", "hvm"], index.Manifests.Select(m => m.Annotations![OciMediaTypes.BootType]));

        using var key = TrustedKey.FromPem(fixture.Key.PublicKeyPem(), "test key");
        using var source = Registry("three-ways:1.0");
        var result = Pull(fixture, source, key);
        Assert.Equal("boot2", result.VariantId);
        Assert.Equal(result.VariantBytes, result.DownloadedBytes);
        Assert.Equal((40 << 20) + (1 << 20), result.VariantBytes);
        var folder = Path.GetDirectoryName(result.DescriptorPath)!;
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(Path.Combine(folder, "root.img")));
        Assert.False(File.Exists(Path.Combine(folder, "boot-pae.img")));

        using var xen = Registry("three-ways");
        Assert.Equal("boot1", Pull(fixture, xen, key, host: "xen-pv-nonpae-i686.xml").VariantId);
    }

    [Fact]
    public void Signatures_are_required_checked_and_bound_to_the_index_digest()
    {
        using var fixture = new RepositoryFixture();
        using var target = Registry("signed-app:1.0");
        Push(fixture, target);
        using var other = SigningKey.Generate();
        using var wrong = TrustedKey.FromPem(other.PublicKeyPem(), "other.pub");
        Assert.Contains("not by the pinned key", Assert.Throws<SignatureException>(() => Pull(fixture, target, wrong)).Message);
        Assert.Contains("no key is pinned", Assert.Throws<SignatureException>(() => Pull(fixture, target, null)).Message);

        // The tag moved to another index without a matching signature: refused, unless --insecure.
        fixture.WriteRandom("boot-hvm.img", 1 << 20);
        Push(fixture, target, signed: false);
        using var key = TrustedKey.FromPem(fixture.Key.PublicKeyPem(), "test key");
        Assert.Contains("its signature is for", Assert.Throws<SignatureException>(() => Pull(fixture, target, key)).Message);
        Pull(fixture, target, key, insecure: true);
        Assert.Contains(fixture.Warnings, w => w.StartsWith("INSECURE"));
    }

    [Fact]
    public void A_missing_tag_is_named()
    {
        using var fixture = new RepositoryFixture();
        using var source = Registry("nothing-here:9.9");
        using var key = TrustedKey.FromPem(fixture.Key.PublicKeyPem(), "test key");
        Assert.Contains("no tag '9.9'", Assert.Throws<FileNotFoundException>(() => Pull(fixture, source, key)).Message);
    }
}
