using System.Security.Cryptography;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>examples/tiny.ks built as raw disks by the virt-appliance executable: the shared base the tests customize overlays of.</summary>
public sealed class TinyImage : IDisposable
{
    private readonly TempDirectory folder = new();

    public TinyImage()
    {
        Appliance = folder.File("tiny");
        var spec = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks");
        var built = Run("build", spec, "-o", Appliance, "--format", "raw", "--seed", "customize-tests");
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}");
        BaseHash = Hash(Base);
    }

    public string Appliance { get; }

    public string Base => Path.Combine(Appliance, "tiny-sda.raw");

    public string BaseHash { get; }

    /// <summary>The UEFI boot disk: a GPT with one FAT ESP holding systemd-boot, its loader entry, the kernel and initramfs.</summary>
    public string EspDisk => Path.Combine(Appliance, "tiny-boot-efi.raw");

    public string StateHome => folder.File("state");

    /// <summary>The root filesystem's offset on the tiny system disk (its first partition, at 1 MiB).</summary>
    public const long RootOffset = 1 << 20;

    public ApplianceCommand.Result Run(params string[] arguments) => ApplianceCommand.Run(StateHome, null, arguments, TimeSpan.FromSeconds(240));

    /// <summary>A new qcow2 overlay of the base (or another of the built disks) in a folder of the test's own.</summary>
    public string Overlay(TempDirectory where, string name = "instance.qcow2", string? disk = null)
    {
        var overlay = where.File(name);
        ExternalTool.QemuImg("create", "-q", "-f", "qcow2", "-b", disk ?? Base, "-F", "raw", overlay);
        return overlay;
    }

    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyImageCollection : ICollectionFixture<TinyImage>
{
    public const string Name = "tiny image";
}
