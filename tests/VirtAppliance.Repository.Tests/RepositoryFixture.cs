using System.Security.Cryptography;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Publishing;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Sources;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Repository.Tests;

/// <summary>
/// A three-variant appliance (Xen PV with PAE, Xen PV without PAE, HVM): each variant has its own boot disk, all
/// share the root disk; a signing key; helpers to publish into a folder and pull with a given host.
/// </summary>
internal sealed class RepositoryFixture : IDisposable
{
    public RepositoryFixture(int rootBytes = 3 << 20, int bootBytes = 1 << 20, TempDirectory? folder = null)
    {
        Folder = folder ?? new TempDirectory();
        Source = Directory.CreateDirectory(Folder.File("source")).FullName;
        Repo = Folder.File("repo");
        WriteRandom("root.img", rootBytes);
        WriteRandom("boot-pae.img", bootBytes);
        WriteRandom("boot-nonpae.img", bootBytes);
        WriteRandom("boot-hvm.img", bootBytes);
        DescriptorPath = WriteDescriptor("1.0");
        File.WriteAllText(Folder.File("key"), Key.PrivateKeyPem());
        File.WriteAllText(Folder.File("key.pub"), Key.PublicKeyPem());
    }

    public TempDirectory Folder { get; }

    public string Source { get; }

    public string Repo { get; }

    public string DescriptorPath { get; }

    public SigningKey Key { get; } = SigningKey.Generate();

    public string State => Folder.File("state");

    public BlobCache Cache => new(Folder.File("cache"));

    public List<string> Warnings { get; } = [];

    public string WriteDescriptor(string version, string file = "appliance.xml")
    {
        var path = Path.Combine(Source, file);
        File.WriteAllText(path, $"""
            <image>
              <name version="{version}">three-ways</name>
              <label>Three ways to boot</label>
              <domain>
                <boot type="xen"><guest><arch>i686</arch><features><pae/></features></guest><os><loader>pygrub</loader></os>
                  <drive disk="boot-pae.img" target="xvda"/><drive disk="root" target="xvdb"/></boot>
                <boot type="xen"><guest><arch>i686</arch><features><pae state="off"/></features></guest><os><loader>pygrub</loader></os>
                  <drive disk="boot-nonpae.img" target="xvda"/><drive disk="root" target="xvdb"/></boot>
                <boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os>
                  <drive disk="boot-hvm.img" target="hda"/><drive disk="root" target="hdb"/></boot>
                <devices><vcpu>1</vcpu><memory>262144</memory></devices>
              </domain>
              <storage>
                <disk file="boot-pae.img"/><disk file="boot-nonpae.img"/><disk file="boot-hvm.img"/>
                <disk id="root" file="root.img"/>
              </storage>
            </image>
            """);
        return path;
    }

    /// <summary>3 MiB: 2 MiB of data, then 64 KiB of data and 64 KiB of zeros in turn (2.5 MiB of data in all).</summary>
    public static byte[] DataThenAlternatingHoles()
    {
        var random = new Random(28);
        var disk = new byte[3 << 20];
        random.NextBytes(disk.AsSpan(0, 2 << 20));
        for (var offset = 2 << 20; offset < disk.Length; offset += 128 << 10)
        {
            random.NextBytes(disk.AsSpan(offset, 64 << 10));
        }

        return disk;
    }

    public void WriteRandom(string name, int bytes) => File.WriteAllBytes(Path.Combine(Source, name), RandomNumberGenerator.GetBytes(bytes));

    public PublishResult Publish(IRepositoryBackend? backend = null, string? descriptor = null, bool signed = true)
    {
        using var own = backend is null ? new DirectoryBackend(Repo) : null;
        return new Publisher(backend ?? own!, signed ? Key : null, Folder.File("work"))
            .PublishAsync(descriptor ?? DescriptorPath, replace: false, progress: null, CancellationToken.None).GetAwaiter().GetResult();
    }

    public IndexedSource Open(IRepositoryBackend? backend = null, TrustedKey? key = null, bool insecure = false, bool pinned = true) =>
        new("test", backend ?? new DirectoryBackend(Repo), Settings(key ?? (pinned ? TrustedKey.FromPem(Key.PublicKeyPem(), "test key") : null), insecure));

    public SourceSettings Settings(TrustedKey? key, bool insecure = false) =>
        new() { Key = key, Insecure = insecure, StateFolder = State, Warn = Warnings.Add, Cache = Cache, WorkFolder = Folder.File("work") };

    /// <summary>The index as a reader with the fixture's key accepts it.</summary>
    public RepositoryIndex Index() =>
        new IndexReader(TrustedKey.FromPem(Key.PublicKeyPem(), "test key"), false, State, Warnings.Add).ReadAsync(new DirectoryBackend(Repo), CancellationToken.None).GetAwaiter().GetResult();

    public static Func<Descriptors.Model.ApplianceDescriptor, HostMatch> For(string capabilitiesFixture)
    {
        var host = CapabilitiesParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "Hosts", capabilitiesFixture));
        return descriptor => VariantMatcher.Match(descriptor, host);
    }

    public PullResult Pull(IApplianceSource source, string hostFixture = "tcg-only-x86_64.xml", string? output = null, CancellationToken cancellation = default, string reference = "three-ways") =>
        ApplianceSources.PullFirstAsync([source], reference, For(hostFixture), output ?? Folder.File("pulled"), null, cancellation).GetAwaiter().GetResult();

    public void Dispose()
    {
        Key.Dispose();
        Folder.Dispose();
    }

    /// <summary>Parses to make sure the fixture descriptor itself is valid.</summary>
    public void AssertValid() => DescriptorReader.Load(DescriptorPath);
}
