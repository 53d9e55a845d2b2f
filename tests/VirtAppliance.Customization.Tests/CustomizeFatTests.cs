using System.Formats.Tar;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>
/// Recipes on FAT: the ESP of the tiny appliance's UEFI boot disk changed offline with mtools, read back by mtools and
/// fsck.fat, and booted — the firmware's loader and the kernel see the edited entry.
/// </summary>
[Collection(TinyImageCollection.Name)]
[Trait("Category", "Network")]
public sealed class CustomizeFatTests(TinyImage tiny) : IDisposable
{
    private const string EspRecipe = """
        operations:
          - edit: {path: /loader/entries/appliance.conf, pattern: " quiet", replacement: " va.esp=${name}"}
          - append-line: {path: /loader/loader.conf, line: "editor no"}
          - patch: {path: /loader/loader.conf, source: loader.diff}
          - write: {path: /EFI/custom/Notes.txt, content: "for ${name}\n"}
          - upload: {source: blob.bin, path: /EFI/custom/blob.bin}
          - mkdir: /EFI/empty
          - tar-in: {source: tree.tar.gz, path: /extra}
          - copy-in: {source: site, path: /extra}
          - write: {path: /old-name.txt, content: "moved\n"}
          - move: {from: /old-name.txt, to: /New-Name.txt}
          - write: {path: /doomed.txt, content: "x\n"}
          - delete: /doomed.txt
          - delete: /extra/sub/gone
          - touch: /stamp
          - write: {path: /long.txt, content: "0123456789"}
          - truncate: {path: /long.txt, size: "4"}
        """;

    private readonly TempDirectory folder = new();

    private string Recipe(string yaml)
    {
        File.WriteAllText(folder.File("loader.diff"), "--- a/loader/loader.conf\n+++ b/loader/loader.conf\n@@ -1,2 +1,2 @@\n default appliance.conf\n-timeout 0\n+timeout 3\n");
        File.WriteAllBytes(folder.File("blob.bin"), [0, 1, 2, 255, 13, 10, 0]);
        Directory.CreateDirectory(folder.File("tree/sub/gone"));
        File.WriteAllText(folder.File("tree/sub/kept.txt"), "kept\n");
        File.WriteAllText(folder.File("tree/sub/gone/file"), "gone\n");
        ExternalTool.Ok("tar", "-czf", folder.File("tree.tar.gz"), "-C", folder.File("tree"), ".");
        Directory.CreateDirectory(folder.File("site/www"));
        File.WriteAllText(folder.File("site/www/index.html"), "<h1>esp</h1>\n");
        var file = folder.File("recipe.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    [Fact]
    public void EveryFileOperationChangesTheEspAndFsckFindsItClean()
    {
        var overlay = tiny.Overlay(folder, "esp.qcow2", tiny.EspDisk);
        var baseHash = TinyImage.Hash(tiny.EspDisk);

        var result = tiny.Run("customize", overlay, "--recipe", Recipe(EspRecipe), "--var", "name=esp-one", "--json");

        Assert.True(result.ExitCode == 0, $"customize exited {result.ExitCode}:\n{result.Error}");
        Assert.Contains("\"partition\": 1", result.Output);
        ExternalTool.AssertCleanCheck(overlay);
        var esp = new FatView(overlay, folder);
        esp.AssertClean();
        Assert.Matches(@"(?m)^options root=UUID=\S+ ro console=tty0 console=ttyS0,115200 memhp_default_state=online va.esp=esp-one panic=-1$", esp.Cat("/loader/entries/appliance.conf"));
        Assert.Equal("default appliance.conf\ntimeout 3\neditor no\n", esp.Cat("/loader/loader.conf"));
        Assert.Equal("for esp-one\n", esp.Cat("/EFI/custom/Notes.txt"));
        Assert.Equal(File.ReadAllBytes(folder.File("blob.bin")), esp.Bytes("/EFI/custom/blob.bin"));
        Assert.True(esp.Exists("/EFI/empty"));
        Assert.Equal("kept\n", esp.Cat("/extra/sub/kept.txt"));
        Assert.False(esp.Exists("/extra/sub/gone"));
        Assert.Equal("<h1>esp</h1>\n", esp.Cat("/extra/site/www/index.html"));
        Assert.Equal("moved\n", esp.Cat("/New-Name.txt"));
        Assert.False(esp.Exists("/old-name.txt"));
        Assert.False(esp.Exists("/doomed.txt"));
        Assert.True(esp.Exists("/stamp"));
        Assert.Equal("0123", esp.Cat("/long.txt"));
        Assert.True(esp.Exists("/EFI/BOOT/BOOTX64.EFI"));
        Assert.False(esp.Exists("/var"));
        Assert.Equal(baseHash, TinyImage.Hash(tiny.EspDisk));
    }

    [Fact]
    public void ApplyingARecipeTwiceGivesTheSameEspAsOnce()
    {
        var once = tiny.Overlay(folder, "once.qcow2", tiny.EspDisk);
        var twice = tiny.Overlay(folder, "twice.qcow2", tiny.EspDisk);
        var recipe = Recipe(EspRecipe);

        foreach (var image in new[] { once, twice, twice })
        {
            var result = tiny.Run("customize", image, "--recipe", recipe, "--partition", "1", "--var", "name=same");
            Assert.True(result.ExitCode == 0, $"customize exited {result.ExitCode}:\n{result.Error}");
        }

        Assert.Equal(new FatView(once, folder).Tree(), new FatView(twice, folder).Tree());
    }

    public static TheoryData<string, string> RefusedOnFat => new()
    {
        { "- write: {path: /a.txt, content: x}\n- chmod: {path: /a.txt, mode: \"0600\"}\n", "recipe.yaml:2: chmod: a vfat filesystem keeps no Unix modes or owners" },
        { "- write: {path: /a.txt, content: x}\n- chown: {path: /a.txt, owner: \"1:1\"}\n", "recipe.yaml:2: chown: a vfat filesystem keeps no Unix modes or owners" },
        { "- write: {path: /a.txt, content: x}\n- link: {path: /b, target: /a.txt}\n", "recipe.yaml:2: link: a vfat filesystem has no symbolic links" },
        { "- write: {path: /a.txt, content: x, mode: \"0600\"}\n", "recipe.yaml:1: write: mode and owner cannot be kept on a vfat filesystem" },
        { "- write: {path: /a.txt, content: x}\n- hostname: esp\n", "recipe.yaml:2: hostname: it changes a Linux system, and this is a vfat filesystem" },
        { "- user: {name: alice}\n", "recipe.yaml:1: user: it changes a Linux system" },
        { "- firstboot: {name: x, command: \"true\"}\n", "recipe.yaml:1: firstboot: it changes a Linux system" },
        { "- write: {path: /a.txt, content: x}\n- tar-in: {source: links.tar, path: /x}\n", "recipe.yaml:2: tar-in: /x/link: a vfat filesystem has no symbolic links" },
        { "- write: {path: /a.txt, content: x}\n- edit: {path: /missing.conf, pattern: a, replacement: b}\n", "recipe.yaml:2: edit: /missing.conf does not exist" },
        { "- write: {path: /a.txt, content: x}\n- upload: {source: big.bin, path: /big.bin}\n", "recipe.yaml:2: upload: writing /big.bin in the vfat filesystem failed" },
    };

    [Theory]
    [MemberData(nameof(RefusedOnFat))]
    public void WhatFatCannotHoldIsRefusedByLineAndTheImageStays(string yaml, string message)
    {
        using (var stream = File.Create(folder.File("links.tar")))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "file") { DataStream = new MemoryStream([1]) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "file" });
        }

        File.WriteAllBytes(folder.File("big.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(40 << 20));
        var overlay = tiny.Overlay(folder, "esp.qcow2", tiny.EspDisk);
        var before = TinyImage.Hash(overlay);

        var result = tiny.Run("customize", overlay, "--recipe", Recipe(yaml));

        Assert.Equal(65, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal(before, TinyImage.Hash(overlay));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path, ".*"));
    }

    [Fact]
    public void AnEspCustomizedBeforeDeployBootsWithTheEditedLoaderEntry()
    {
        var appliance = folder.File("appliance");
        Directory.CreateDirectory(appliance);
        foreach (var file in Directory.GetFiles(tiny.Appliance))
        {
            ExternalTool.Ok("cp", "--sparse=always", file, appliance);
        }

        var esp = Path.Combine(appliance, Path.GetFileName(tiny.EspDisk));
        var before = TinyImage.Hash(esp);
        var recipe = Recipe("- edit: {path: /loader/entries/appliance.conf, pattern: \" quiet\", replacement: \" va.esp=edited-offline\"}\n");
        var customized = tiny.Run("customize", esp, "--recipe", recipe);
        Assert.True(customized.ExitCode == 0, $"customize exited {customized.ExitCode}:\n{customized.Error}");
        var descriptor = Path.Combine(appliance, "tiny.xml");
        File.WriteAllText(descriptor, File.ReadAllText(descriptor).Replace(before, TinyImage.Hash(esp), StringComparison.Ordinal));
        var name = "esp-edited";
        var embedded = Path.Combine(tiny.StateHome, "virt-appliance", "libvirt");

        var deployed = tiny.Run("deploy", descriptor, "--name", name, "--boot", "efi", "--connect", $"qemu:///embed?root={embedded}",
            "--wait-for", "TINY-APPLIANCE-READY", "--timeout", "150");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}{deployed.Output}");
            var console = File.ReadAllText(Path.Combine(tiny.StateHome, "virt-appliance", "instances", name, "console.log"));
            Assert.Matches(@"Kernel command line: .*va\.esp=edited-offline", console);
        }
        finally
        {
            tiny.Run("undeploy", name, "--purge", "--force");
        }
    }

    public void Dispose() => folder.Dispose();
}
