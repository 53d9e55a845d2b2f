using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Hosts.Tests;

[Trait("Category", "Fast")]
public sealed class VariantMatcherTests
{
    [Fact]
    public void OnAXenHostTheParavirtPaeVariantIsChosenAndTheNonPaeOneExplained()
    {
        var match = VariantMatcher.Match(Fixtures.Descriptor("multiboot.xml"), Fixtures.Host("xen-pv-hvm.xml"));
        Assert.Equal(0, match.Chosen);
        Assert.Equal(RunVerdict.Runs, match.Variants[0].Verdict);
        Assert.Equal("xen", match.Variants[0].DomainType);
        Assert.Equal(RunVerdict.DoesNotRun, match.Variants[1].Verdict);
        Assert.Contains("needs a Xen paravirt i686 without PAE guest; this host's Xen paravirt i686 guests offer PAE only", match.Variants[1].Reasons.Single());
        Assert.Equal(RunVerdict.Runs, match.Variants[2].Verdict);
    }

    [Fact]
    public void OnANonPaeXenHostOnlyTheNonPaeVariantRuns()
    {
        var match = VariantMatcher.Match(Fixtures.Descriptor("multiboot.xml"), Fixtures.Host("xen-pv-nonpae-i686.xml"));
        Assert.Equal(1, match.Chosen);
        Assert.Contains("offer no PAE (non-PAE only)", match.Variants[0].Reasons.Single());
        Assert.Equal("needs a hvm i686 with PAE guest; this host offers Xen paravirt i686 (xen)", match.Variants[2].Reasons.Single());
    }

    [Fact]
    public void OnATcgOnlyHostTheFullVariantRunsEmulatedAndXenIsExplained()
    {
        var match = VariantMatcher.Match(Fixtures.Descriptor("multiboot.xml"), Fixtures.Host("tcg-only-x86_64.xml"));
        Assert.Equal(2, match.Chosen);
        Assert.Equal(RunVerdict.RunsEmulated, match.Variants[2].Verdict);
        Assert.Equal("qemu", match.Variants[2].DomainType);
        Assert.Equal(
            "needs a Xen paravirt i686 with PAE guest; this host offers hvm i686 (qemu), hvm x86_64 (qemu) and no Xen paravirt",
            match.Variants[0].Reasons.Single());
    }

    [Fact]
    public void OnAnAarch64HostNoX86VariantRuns()
    {
        var match = VariantMatcher.Match(Fixtures.Descriptor("appliance-creator.xml"), Fixtures.Host("aarch64-kvm.xml"));
        Assert.Null(match.Chosen);
        Assert.Contains("hvm aarch64 (qemu, kvm)", match.Variants[0].Reasons.Single());
    }

    [Fact]
    public void UefiNeedsReportedFirmwareAndPreferenceRanksVariants()
    {
        var descriptor = Fixtures.Descriptor("extended.xml");
        var unknown = VariantMatcher.Match(descriptor, Fixtures.Host("tcg-only-x86_64.xml"));
        Assert.Equal(1, unknown.Chosen);
        Assert.Contains(unknown.Variants[0].Reasons, r => r.Contains("needs UEFI firmware") && r.Contains("--domcapabilities"));

        var known = VariantMatcher.Match(descriptor, Fixtures.Host("tcg-only-x86_64.xml", "domcaps-x86_64-efi.xml"));
        Assert.Equal(0, known.Chosen);
        Assert.All(known.Variants, v => Assert.Equal(RunVerdict.RunsEmulated, v.Verdict));
    }

    [Fact]
    public void AcceleratedBeatsEmulatedAndParavirtBeatsFull()
    {
        var descriptor = Fixtures.Descriptor("multiboot.xml");
        var reordered = descriptor with { Boots = [descriptor.Boots[2] with { Index = 0 }, descriptor.Boots[0] with { Index = 1 }] };
        Assert.Equal(1, VariantMatcher.Match(reordered, Fixtures.Host("xen-pv-hvm.xml")).Chosen);

        var tcg = Fixtures.Host("tcg-only-x86_64.xml");
        var i686 = tcg.Guests.Single(g => g.Arch == "i686");
        var mixed = tcg with { Guests = [.. tcg.Guests.Where(g => g.Arch != "i686"), i686 with { Domains = [new GuestDomainType("kvm", null, [])] }] };
        var twoArches = descriptor with
        {
            Boots = [descriptor.Boots[2] with { Index = 0, Arch = "x86_64", Pae = Descriptors.Model.FeatureState.Unspecified }, descriptor.Boots[2] with { Index = 1 }],
        };
        var match = VariantMatcher.Match(twoArches, mixed);
        Assert.Equal(RunVerdict.RunsEmulated, match.Variants[0].Verdict);
        Assert.Equal(RunVerdict.Runs, match.Variants[1].Verdict);
        Assert.Equal(1, match.Chosen);
    }

    [Fact]
    public void BootOverrideChoosesTheNamedVariantWhenItRuns()
    {
        var descriptor = Fixtures.Descriptor("multiboot.xml");
        var host = Fixtures.Host("xen-pv-hvm.xml");
        Assert.Equal(2, VariantMatcher.Match(descriptor, host, "2").Chosen);
        Assert.Equal(2, VariantMatcher.Match(descriptor, host, "boot2").Chosen);
        Assert.Null(VariantMatcher.Match(descriptor, host, "1").Chosen);
        Assert.Throws<ArgumentException>(() => VariantMatcher.Match(descriptor, host, "nope"));
    }

    [Fact]
    public void RequirementsAreExplained()
    {
        var descriptor = Fixtures.Descriptor("extended.xml");
        var strict = descriptor with
        {
            Boots = [descriptor.Boots[1] with { Requirements = new() { AcceleratorRequired = true } },
                descriptor.Boots[1] with { Index = 1, Id = "big", Requirements = new() { MinMemoryMiB = 65536, MinVcpus = 64, Machine = "virt", CpuFeatures = ["avx512f"] } }],
        };
        var match = VariantMatcher.Match(strict, Fixtures.Host("tcg-only-x86_64.xml"));
        Assert.Null(match.Chosen);
        Assert.Contains("needs hardware acceleration", match.Variants[0].Reasons[0]);
        var reasons = string.Join("\n", match.Variants[1].Reasons);
        Assert.Contains("needs 65536 MiB of memory; this host has 2048 MiB", reasons);
        Assert.Contains("needs at least 64 CPUs; this host has 2", reasons);
        Assert.Contains("needs machine type virt", reasons);
        Assert.Contains("needs CPU features avx512f", reasons);
    }

    [Fact]
    public void KvmThatAProbeFoundBrokenIsNotUsed()
    {
        var host = Fixtures.Host("aarch64-kvm.xml") with { KvmUsable = false };
        var descriptor = Fixtures.Descriptor("appliance-creator.xml");
        var aarch64 = descriptor with { Boots = [descriptor.Boots[0] with { Arch = "aarch64" }] };
        var match = VariantMatcher.Match(aarch64, host);
        Assert.Equal(RunVerdict.RunsEmulated, match.Variants[0].Verdict);
        Assert.Contains("KVM does not run guests on this host", match.Variants[0].Reasons[0]);
        Assert.Equal(RunVerdict.Runs, VariantMatcher.Match(aarch64, host with { KvmUsable = null }).Variants[0].Verdict);
    }
}
