using System.Text;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Tests;

[Trait("Category", "Fast")]
public sealed class TrustTests
{
    private static void Read(RepositoryFixture fixture, TrustedKey? key = null, bool insecure = false, bool pinned = true) =>
        fixture.Open(key: key, insecure: insecure, pinned: pinned).ListAsync(CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void An_unsigned_index_is_refused_when_a_key_is_pinned_and_accepted_with_a_warning_under_insecure()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish(signed: false);
        Assert.Contains("not signed", Assert.Throws<SignatureException>(() => Read(fixture)).Message);
        Read(fixture, insecure: true);
        Assert.Contains(fixture.Warnings, w => w.StartsWith("INSECURE"));
    }

    [Fact]
    public void No_pinned_key_and_no_insecure_is_refused()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        Assert.Contains("no key is pinned", Assert.Throws<SignatureException>(() => Read(fixture, pinned: false)).Message);
    }

    [Fact]
    public void An_index_signed_by_another_key_is_refused()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        using var other = SigningKey.Generate();
        using var pinned = TrustedKey.FromPem(other.PublicKeyPem(), "other.pub");
        Assert.Contains("not by the pinned key", Assert.Throws<SignatureException>(() => Read(fixture, pinned)).Message);
    }

    [Fact]
    public void A_tampered_index_is_refused()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var path = Path.Combine(fixture.Repo, RepositoryLayout.IndexFile);
        var envelope = RepositoryJson.Deserialize<Envelope>(File.ReadAllBytes(path), "test");
        var payload = Encoding.UTF8.GetString(envelope.PayloadBytes()).Replace("Three ways to boot", "Three ways to pwn");
        File.WriteAllBytes(path, RepositoryJson.Serialize(envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)) }));
        Assert.Contains("does not match", Assert.Throws<SignatureException>(() => Read(fixture)).Message);
    }

    [Fact]
    public void A_replayed_older_index_is_refused_as_a_rollback()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var path = Path.Combine(fixture.Repo, RepositoryLayout.IndexFile);
        var old = File.ReadAllBytes(path);
        fixture.Publish(descriptor: fixture.WriteDescriptor("2.0", "v2.xml"));
        Read(fixture);
        File.WriteAllBytes(path, old);
        Assert.Contains("rolled back", Assert.Throws<SignatureException>(() => Read(fixture)).Message);
        Read(fixture, insecure: true);
        Assert.Contains(fixture.Warnings, w => w.Contains("rolled back"));
    }

    [Fact]
    public void Signatures_cover_the_payload_type_too()
    {
        using var key = SigningKey.Generate();
        var sealedIndex = Envelope.Seal(Encoding.UTF8.GetBytes("{}"), key);
        using var pinned = TrustedKey.FromPem(key.PublicKeyPem(), "k");
        Assert.Equal("{}", Encoding.UTF8.GetString(sealedIndex.Open(pinned, "x")));
        Assert.Throws<SignatureException>(() => (sealedIndex with { PayloadType = "application/other" }).Open(pinned, "x"));
    }

    [Fact]
    public void Keys_round_trip_through_pem_and_bad_key_files_are_named()
    {
        using var folder = new TestSupport.TempDirectory();
        using var key = SigningKey.Generate();
        File.WriteAllText(folder.File("k"), key.PrivateKeyPem());
        using var loaded = SigningKey.Load(folder.File("k"));
        Assert.Equal(key.KeyId, loaded.KeyId);
        File.WriteAllText(folder.File("bad"), "not a key");
        Assert.Contains(folder.File("bad"), Assert.Throws<InvalidDataException>(() => SigningKey.Load(folder.File("bad"))).Message);
    }
}
