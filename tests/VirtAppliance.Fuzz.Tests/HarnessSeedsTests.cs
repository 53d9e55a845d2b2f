namespace VirtAppliance.Fuzz.Tests;

/// <summary>The seeds the harness writes are real documents: their targets accept them without any exception.</summary>
[Trait("Category", "Fast")]
public sealed class HarnessSeedsTests
{
    [Theory]
    [InlineData("index")]
    [InlineData("envelope")]
    [InlineData("manifest")]
    [InlineData("oci")]
    [InlineData("zstd-blob")]
    [InlineData("trusted-key")]
    [InlineData("auth-challenge")]
    [InlineData("auth-file")]
    [InlineData("registry-token")]
    public void Each_seed_reads_cleanly(string target)
    {
        using var scratch = new Scratch();
        var folder = Path.Combine(scratch.Folder, "seeds");
        Assert.True(HarnessSeeds.Write(target, folder));
        var seeds = Directory.GetFiles(folder);
        Assert.NotEmpty(seeds);
        foreach (var seed in seeds)
        {
            FuzzTargets.Find(target)!.Run(File.ReadAllBytes(seed), scratch);
        }
    }
}
