using System.Security.Cryptography;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Tests;

[Trait("Category", "Fast")]
public sealed class HostileInputTests
{
    private static string BlobFile(RepositoryFixture fixture, string digest) =>
        Path.Combine(fixture.Repo, RepositoryLayout.BlobPath(Digest.Parse(digest, "test")));

    private static ApplianceManifest Manifest(RepositoryFixture fixture) =>
        fixture.Open().FindAsync("three-ways", CancellationToken.None).GetAwaiter().GetResult().Manifest;

    private static IndexEntry Entry(RepositoryFixture fixture) =>
        fixture.Index().Appliances.Single();

    private static void AssertNothingCached(RepositoryFixture fixture) =>
        Assert.DoesNotContain(fixture.Cache.List(), e => e.Size > 0 && e.UsedBy.Count == 0 && !File.Exists(e.Digest));

    [Fact]
    public void A_blob_with_other_bytes_than_its_digest_is_refused_and_never_cached()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        var file = BlobFile(fixture, root.Blob.Digest);
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 0xff;
        File.WriteAllBytes(file, bytes);
        var error = Assert.Throws<InvalidDataException>(() => fixture.Pull(fixture.Open()));
        Assert.Contains(root.Blob.Digest, error.Message);
        Assert.False(File.Exists(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
        Assert.Empty(Directory.GetFiles(fixture.Cache.Downloads));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_blob_fails_clearly_and_the_download_resumes_when_the_blob_is_whole_again(bool compressible)
    {
        using var fixture = new RepositoryFixture(rootBytes: 40 << 20);
        if (compressible)
        {
            WriteHalfCompressible(fixture, 40 << 20);
        }

        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        Assert.Equal(compressible ? "zstd" : "none", root.Compression);
        var file = BlobFile(fixture, root.Blob.Digest);
        var whole = File.ReadAllBytes(file);
        File.WriteAllBytes(file, whole[..(whole.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<IOException>(() => fixture.Pull(fixture.Open())).Message);
        Assert.Single(Directory.GetFiles(fixture.Cache.Downloads, "*.resume"));
        File.WriteAllBytes(file, whole);
        var result = fixture.Pull(fixture.Open());
        // A compressed blob resumes at the last frame boundary it reached: at most one frame is fetched again.
        var again = compressible ? ZstdTransport.FrameContentSize : 0;
        Assert.True(result.DownloadedBytes <= result.VariantBytes - (whole.Length / 2) + again, $"resumed: {result.DownloadedBytes} of {result.VariantBytes}");
        Assert.True(result.DownloadedBytes >= result.VariantBytes - whole.Length, $"resumed: {result.DownloadedBytes} of {result.VariantBytes}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
        Assert.Empty(Directory.GetFiles(fixture.Cache.Downloads));
    }

    [Fact]
    public void A_server_that_sends_more_than_announced_is_cut_off()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        File.AppendAllText(BlobFile(fixture, root.Blob.Digest), "and some more");
        Assert.Contains("more than", Assert.Throws<InvalidDataException>(() => fixture.Pull(fixture.Open())).Message);
    }

    [Fact]
    public void Manifest_paths_that_escape_the_appliance_folder_are_refused()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        Republish(fixture, m => m with { Disks = [.. m.Disks.Select(d => d.Id == "root" ? d with { File = "../../etc/passwd" } : d)] });
        Assert.Contains("root", Assert.Throws<InvalidDataException>(() => fixture.Pull(fixture.Open())).Message);
        Republish(fixture, m => m with { DescriptorFile = "../evil.xml" });
        Assert.Contains("plain file name", Assert.Throws<InvalidDataException>(() => fixture.Pull(fixture.Open())).Message);
        Assert.False(File.Exists(fixture.Folder.File("evil.xml")));
    }

    [Fact]
    public void A_manifest_whose_content_digest_lies_is_refused_after_decompression()
    {
        using var fixture = new RepositoryFixture();
        var compressible = new byte[2 << 20];
        RandomNumberGenerator.Fill(compressible.AsSpan(0, 4096));
        File.WriteAllBytes(Path.Combine(fixture.Source, "root.img"), compressible);
        fixture.Publish();
        Assert.Equal("zstd", Manifest(fixture).Disks.Single(d => d.Id == "root").Compression);
        Republish(fixture, m => m with { Disks = [.. m.Disks.Select(d => d.Id == "root" ? d with { Content = d.Content with { Digest = Digest.Of([1]).ToString() } } : d)] });
        var error = Assert.Throws<InvalidDataException>(() => fixture.Pull(fixture.Open())).Message;
        Assert.Contains($"the manifest says {compressible.Length} bytes, {Digest.Of([1])}", error);
        Assert.False(File.Exists(fixture.Cache.ContentPath(Digest.Of([1]))));
        Assert.Empty(Directory.GetFiles(fixture.Cache.Downloads));
    }

    [Fact]
    public void An_uncompressed_blob_with_other_bytes_is_refused_and_never_cached()
    {
        using var fixture = new RepositoryFixture();
        var random = new byte[2 << 20];
        RandomNumberGenerator.Fill(random);
        File.WriteAllBytes(Path.Combine(fixture.Source, "root.img"), random);
        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        Assert.Equal("none", root.Compression);
        var file = BlobFile(fixture, root.Blob.Digest);
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 0xff;
        File.WriteAllBytes(file, bytes);
        Assert.Contains(root.Blob.Digest, Assert.Throws<InvalidDataException>(() => fixture.Pull(fixture.Open())).Message);
        Assert.False(File.Exists(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
        Assert.Empty(Directory.GetFiles(fixture.Cache.Downloads));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_large_download_killed_midway_resumes_with_little_extra(bool compressible)
    {
        using var fixture = new RepositoryFixture(rootBytes: 80 << 20);
        if (compressible)
        {
            WriteHalfCompressible(fixture, 80 << 20);
        }

        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        Assert.Equal(compressible ? "zstd" : "none", root.Compression);
        using var cancel = new CancellationTokenSource();
        var backend = MeteredBackend.StoppingAfter(new DirectoryBackend(fixture.Repo), root.Blob.Size / 2, cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => fixture.Pull(fixture.Open(backend), cancellation: cancel.Token));
        Assert.False(File.Exists(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
        Assert.Single(Directory.GetFiles(fixture.Cache.Downloads, "*.content"));

        var counting = new MeteredBackend(new DirectoryBackend(fixture.Repo));
        fixture.Pull(fixture.Open(counting));
        var total = backend.Delivered + counting.Delivered;
        Assert.True(total <= fixture.Pull(fixture.Open(), output: fixture.Folder.File("x")).VariantBytes * 1.05 + (1 << 20), $"{total} bytes in all");
        // What travels twice: the read buffer in flight when the pull stopped (1 MiB) and, for a compressed blob, the frame
        // it was in; the boot disk (1 MiB) may have come before the root disk, and the stop lands up to 64 KiB late.
        var frame = compressible ? root.Blob.Size * ZstdTransport.FrameContentSize / root.Content.Size : 0;
        Assert.True(
            counting.Delivered <= root.Blob.Size - backend.Delivered + (2 << 20) + (64 << 10) + frame,
            $"resumed download fetched {counting.Delivered} of {root.Blob.Size} after {backend.Delivered} before it stopped");
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
    }

    [Fact]
    public void A_blob_published_as_one_zstd_frame_still_pulls_and_a_resume_starts_it_over()
    {
        using var fixture = new RepositoryFixture();
        var disk = HalfCompressible(24 << 20);
        File.WriteAllBytes(Path.Combine(fixture.Source, "root.img"), disk);
        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        using var compressor = new ZstdSharp.Compressor();
        var single = compressor.Wrap(disk).ToArray();
        var digest = Digest.Of(single);
        File.WriteAllBytes(Path.Combine(fixture.Repo, RepositoryLayout.BlobPath(digest)), single);
        Republish(fixture, m => m with { Disks = [.. m.Disks.Select(d => d.Id == "root" ? d with { Blob = new BlobReference(digest.ToString(), single.Length) } : d)] });

        var file = Path.Combine(fixture.Repo, RepositoryLayout.BlobPath(digest));
        File.WriteAllBytes(file, single[..(single.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<IOException>(() => fixture.Pull(fixture.Open())).Message);
        File.WriteAllBytes(file, single);
        var result = fixture.Pull(fixture.Open());
        Assert.True(result.DownloadedBytes >= single.Length, $"a single frame has no boundary to resume at: {result.DownloadedBytes} of {single.Length}");
        Assert.Equal(disk, File.ReadAllBytes(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
    }

    [Fact]
    public async Task A_second_pull_of_a_disk_being_downloaded_stops_and_leaves_the_first_one_alone()
    {
        using var fixture = new RepositoryFixture(rootBytes: 24 << 20);
        WriteHalfCompressible(fixture, 24 << 20);
        fixture.Publish();
        var root = Manifest(fixture).Disks.Single(d => d.Id == "root");
        var reachedHold = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        // Held before the root disk's first frame ends: no journal exists yet, only the first pull's content file.
        var held = MeteredBackend.HoldingAfter(new DirectoryBackend(fixture.Repo), (1 << 20) + (64 << 10), reachedHold, release.Task);
        var first = Task.Run(() => fixture.Pull(fixture.Open(held)));
        await reachedHold.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var error = Assert.Throws<IOException>(() => fixture.Pull(fixture.Open(), output: fixture.Folder.File("second")));
        Assert.Contains("another pull may be downloading the same disk", error.Message);
        release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(fixture.Cache.ContentPath(Digest.Parse(root.Content.Digest, "t"))));
        Assert.Empty(Directory.GetFiles(fixture.Cache.Downloads));
    }

    /// <summary>Disk-like data: each 4 KiB block half random, half zeros (seeded), so zstd halves it.</summary>
    private static byte[] HalfCompressible(int size)
    {
        var random = new Random(28);
        var data = new byte[size];
        for (var block = 0; block < size; block += 4096)
        {
            random.NextBytes(data.AsSpan(block, Math.Min(2048, size - block)));
        }

        return data;
    }

    private static void WriteHalfCompressible(RepositoryFixture fixture, int size) =>
        File.WriteAllBytes(Path.Combine(fixture.Source, "root.img"), HalfCompressible(size));

    /// <summary>Rewrites the manifest with <paramref name="change"/> and publishes a new signed index pointing at it.</summary>
    private static void Republish(RepositoryFixture fixture, Func<ApplianceManifest, ApplianceManifest> change)
    {
        var entry = Entry(fixture);
        var manifest = change(Manifest(fixture));
        var bytes = RepositoryJson.Serialize(manifest);
        var digest = Digest.Of(bytes);
        File.WriteAllBytes(Path.Combine(fixture.Repo, RepositoryLayout.BlobPath(digest)), bytes);
        var serial = fixture.Index().Serial + 1;
        var index = new RepositoryIndex { Serial = serial, Appliances = [entry with { Manifest = new BlobReference(digest.ToString(), bytes.Length) }] };
        File.WriteAllBytes(Path.Combine(fixture.Repo, RepositoryLayout.IndexFile), RepositoryJson.Serialize(Envelope.Seal(RepositoryJson.Serialize(index), fixture.Key)));
    }

    /// <summary>A manifest whose variants hold a null made 'info' end with an internal error (exit 70).</summary>
    [Theory]
    [InlineData("\"variants\": [null]", "variants[0] is null")]
    [InlineData("\"variants\": [{\"id\": \"a\", \"type\": \"hvm\", \"arch\": \"x86_64\", \"disks\": [null]}]", "variants[0].disks[0] is null")]
    [InlineData("\"variants\": null", "variants")]
    [InlineData("\"variants\": []", "name")]
    public void A_manifest_with_nulls_where_values_belong_is_invalid_data(string variants, string expected)
    {
        var name = expected == "name" ? "null" : "\"x\"";
        var json = $$"""
            {"name": {{name}}, "descriptor": {"digest": "sha256:{{new string('0', 64)}}", "size": 1}, "descriptor-file": "x.xml",
             "disks": [], {{variants}}}
            """;

        var error = Assert.Throws<InvalidDataException>(() => RepositoryJson.Deserialize<ApplianceManifest>(System.Text.Encoding.UTF8.GetBytes(json), "manifest sha256:abc"));

        Assert.StartsWith("manifest sha256:abc: not a valid ApplianceManifest", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), error.Message);
    }
}
