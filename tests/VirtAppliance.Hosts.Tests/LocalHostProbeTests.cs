using System.Diagnostics;
using VirtAppliance.Hosts.Probing;

namespace VirtAppliance.Hosts.Tests;

[Trait("Category", "Tools")]
public sealed class LocalHostProbeTests
{
    [Fact]
    public void TheKvmProbeAnswersWithinItsTimeout()
    {
        var watch = Stopwatch.StartNew();
        var result = KvmProbe.Run(timeout: TimeSpan.FromSeconds(3));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6));
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        if (!File.Exists("/dev/kvm"))
        {
            Assert.False(result.Usable);
        }
    }

    [Fact]
    public void AMissingDeviceIsReportedAsUnusable()
    {
        var result = KvmProbe.Run("/nonexistent/kvm");
        Assert.False(result.Usable);
        Assert.Contains("does not exist", result.Detail);
    }

    [Fact]
    public void TheLocalHostIsDescribedLikeLibvirtWould()
    {
        var host = LocalHostProbe.Probe(TimeSpan.FromSeconds(3));
        Assert.Equal(LocalHostProbe.SourceName, host.Source);
        Assert.Equal(LocalHostProbe.ArchName(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture), host.Host.Arch);
        Assert.True(host.Host.MemoryKiB > 0);
        Assert.NotNull(host.KvmUsable);
        Assert.Contains(host.ProbeNotes, n => n.StartsWith("KVM:", StringComparison.Ordinal));
        Assert.All(host.Guests, g => Assert.Contains(g.Domains, d => d.Type == "qemu"));
        Assert.All(host.Guests, g => Assert.True(host.KvmUsable == true || g.Domains.All(d => d.Type != "kvm"), $"{g.Arch} offers kvm although the probe found it unusable"));
        Assert.Contains(host.Guests, g => g.Arch == host.Host.Arch);
    }
}
