using System.Security.Cryptography;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Tests;

[Trait("Category", "Fast")]
public sealed class PublishPullTests
{
    [Theory]
    [InlineData("xen-pv-hvm.xml", "boot0", "boot-pae.img")]
    [InlineData("xen-pv-nonpae-i686.xml", "boot1", "boot-nonpae.img")]
    [InlineData("tcg-only-x86_64.xml", "boot2", "boot-hvm.img")]
    public void A_pull_downloads_only_the_disks_of_the_variant_the_host_runs(string host, string variant, string bootDisk)
    {
        using var fixture = new RepositoryFixture();
        fixture.AssertValid();
        fixture.Publish();
        var result = fixture.Pull(fixture.Open(), host);
        Assert.Equal(variant, result.VariantId);
        var folder = Path.GetDirectoryName(result.DescriptorPath)!;
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, bootDisk)), File.ReadAllBytes(Path.Combine(folder, bootDisk)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(Path.Combine(folder, "root.img")));
        Assert.Equal(2, Directory.GetFiles(folder, "*.img").Length);

        // Random disks do not compress, so they travel as they are: one boot disk plus the root disk is what a
        // variant costs, the two other boot disks are not downloaded.
        Assert.Equal(result.VariantBytes, result.DownloadedBytes);
        Assert.Equal((3 << 20) + (1 << 20), result.VariantBytes);
        Assert.Equal(2 << 20, result.AllVariantsBytes - result.VariantBytes);
        Assert.Equal("three-ways", DescriptorReader.Load(result.DescriptorPath).Name);
    }

    [Fact]
    public void A_second_pull_is_served_from_the_cache_and_a_new_version_sharing_the_root_disk_uploads_nothing_for_it()
    {
        using var fixture = new RepositoryFixture();
        var first = fixture.Publish();
        Assert.Equal(4, first.BlobsUploaded);
        fixture.Pull(fixture.Open());
        Assert.Equal(0, fixture.Pull(fixture.Open(), output: fixture.Folder.File("again")).DownloadedBytes);

        fixture.WriteRandom("boot-hvm.img", 1 << 20);
        var second = fixture.Publish(descriptor: fixture.WriteDescriptor("1.1", "appliance-1.1.xml"));
        Assert.Equal(1, second.BlobsUploaded);
        Assert.Equal(3, second.BlobsReused);
        Assert.Equal(2, second.Serial);

        var latest = fixture.Pull(fixture.Open());
        Assert.Equal("1.1", latest.Entry.Version);
        Assert.True(latest.DownloadedBytes < (1 << 20) + 4096, "only the changed boot disk is downloaded");
        // The root disk is shared by both pulled folders (1.0 in "again", 1.1 in "pulled"); each boot disk by one.
        var entries = fixture.Cache.List();
        Assert.Equal(3, entries.Count);
        Assert.Equal(2, entries.Single(e => e.Size == 3 << 20).UsedBy.Count);
        Assert.All(entries.Where(e => e.Size == 1 << 20), e => Assert.Single(e.UsedBy));
    }

    [Fact]
    public async Task Versions_resolve_to_the_highest_unless_one_is_named()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        fixture.Publish(descriptor: fixture.WriteDescriptor("1.10", "b.xml"));
        fixture.Publish(descriptor: fixture.WriteDescriptor("1.9", "c.xml"));
        var index = (await fixture.Open().ListAsync(CancellationToken.None));
        Assert.Equal("1.10", ApplianceDownload.Resolve(index, "three-ways", "repo").Version);
        Assert.Equal("1.9", ApplianceDownload.Resolve(index, "three-ways:1.9", "repo").Version);
        Assert.Contains("1.0, 1.10, 1.9", Assert.Throws<FileNotFoundException>(() => ApplianceDownload.Resolve(index, "three-ways:2.0", "repo")).Message);
        Assert.Throws<FileNotFoundException>(() => ApplianceDownload.Resolve(index, "nothing", "repo"));
    }

    [Fact]
    public void Publishing_the_same_version_with_other_content_is_refused()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        fixture.WriteRandom("root.img", 1 << 20);
        Assert.Throws<Publishing.RepositoryConflictException>(() => fixture.Publish());
    }

    [Fact]
    public void A_host_that_runs_no_variant_downloads_nothing()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var error = Assert.Throws<NotSupportedException>(() => fixture.Pull(fixture.Open(), "aarch64-kvm.xml"));
        Assert.Contains("nothing was downloaded", error.Message);
        Assert.Empty(fixture.Cache.List());
    }

    [Fact]
    public void Cache_prune_keeps_what_pulled_appliances_use_and_removes_the_rest()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var pulled = fixture.Pull(fixture.Open());
        File.WriteAllBytes(Path.Combine(fixture.Cache.Root, "blobs", "sha256", new string('a', 64)), [1, 2, 3]);
        Directory.CreateDirectory(fixture.Cache.Downloads);
        File.WriteAllBytes(Path.Combine(fixture.Cache.Downloads, "x.content"), [1]);
        var (files, _) = fixture.Cache.Prune(all: false);
        Assert.Equal(2, files);
        Assert.Equal(2, fixture.Cache.List().Count);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(pulled.DescriptorPath)!, "root.img")));
    }

    [Fact]
    public void Holes_fall_on_the_contents_zero_blocks_however_the_bytes_arrive()
    {
        using var fixture = new RepositoryFixture();
        var content = RepositoryFixture.DataThenAlternatingHoles();
        File.WriteAllBytes(Path.Combine(fixture.Source, "root.img"), content);
        fixture.Publish();
        var pulled = fixture.Pull(fixture.Open(new MeteredBackend(new DirectoryBackend(fixture.Repo))));
        var root = Path.Combine(Path.GetDirectoryName(pulled.DescriptorPath)!, "root.img");
        Assert.Equal(content, File.ReadAllBytes(root));
        Assert.Equal(5L << 19, DiskImages.HostFile.AllocatedBytes(root));
    }

    [Fact]
    public void Sparse_disks_travel_compressed_and_come_back_sparse()
    {
        using var fixture = new RepositoryFixture();
        using (var big = File.Create(Path.Combine(fixture.Source, "root.img")))
        {
            big.SetLength(256L << 20);
            big.Position = 100L << 20;
            big.Write(RandomNumberGenerator.GetBytes(4096));
        }

        var published = fixture.Publish();
        Assert.True(published.BytesUploaded < 4 << 20, $"{published.BytesUploaded} bytes uploaded for a 256 MiB sparse disk");
        var pulled = fixture.Pull(fixture.Open());
        var root = new FileInfo(Path.Combine(Path.GetDirectoryName(pulled.DescriptorPath)!, "root.img"));
        var target = new FileInfo(root.LinkTarget is { } t ? Path.GetFullPath(t, root.DirectoryName!) : root.FullName);
        Assert.Equal(256L << 20, target.Length);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img"))), SHA256.HashData(File.ReadAllBytes(target.FullName)));
        var allocated = DiskImages.HostFile.AllocatedBytes(target.FullName);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated");
    }
}
