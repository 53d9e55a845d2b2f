using System.Formats.Tar;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

[Collection(TinyImageCollection.Name)]
[Trait("Category", "Network")]
public sealed class CustomizeTests(TinyImage tiny) : IDisposable
{
    private readonly TempDirectory folder = new();

    private string Recipe(string yaml)
    {
        var file = folder.File("recipe.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    /// <summary>Files the recipes use: an archive, a tree, a patch, a key.</summary>
    private void Materials()
    {
        Directory.CreateDirectory(folder.File("tree/etc/app"));
        File.WriteAllText(folder.File("tree/etc/app/app.conf"), "port=8080\n");
        File.WriteAllText(folder.File("tree/README"), "from a tar\n");
        ExternalTool.Ok("tar", "-czf", folder.File("files.tar.gz"), "--owner=0", "--group=0", "-C", folder.File("tree"), ".");
        Directory.CreateDirectory(folder.File("site/www"));
        File.WriteAllText(folder.File("site/www/index.html"), "<h1>hi</h1>\n");
        File.WriteAllText(folder.File("group.diff"), "--- a/etc/group\n+++ b/etc/group\n@@ -1,3 +1,4 @@\n root:x:0:\n tty:x:5:\n disk:x:6:\n+wheel:x:10:root\n");
        File.WriteAllText(folder.File("upload.bin"), "uploaded\n");
    }

    private const string EveryOperation = """
        variables:
          greeting: hello
        operations:
          - hostname: ${hostname}
          - write: {path: /etc/motd, content: "${greeting} from ${name} #${index}\n"}
          - upload: {source: upload.bin, path: /opt/upload.bin, mode: "0600"}
          - copy-in: {source: site/www, path: /srv}
          - tar-in: {source: files.tar.gz, path: /opt/app}
          - mkdir: {path: /var/lib/data, mode: "0750", owner: "appliance:users"}
          - touch: /var/lib/data/stamp
          - chmod: {path: /etc/motd, mode: "0640"}
          - chown: {path: /etc/motd, owner: "0:100"}
          - link: {path: /etc/app.conf, target: /opt/app/etc/app/app.conf}
          - write: {path: /tmp/old-name, content: "moved\n"}
          - move: {from: /tmp/old-name, to: /tmp/new-name}
          - write: {path: /tmp/doomed, content: "x\n"}
          - delete: /tmp/doomed
          - write: {path: /var/log/big.log, content: "0123456789"}
          - truncate: {path: /var/log/big.log, size: "4"}
          - append-line: {path: /etc/profile, line: "export EDITOR=vi"}
          - edit: {path: /etc/inittab, pattern: "^tty1::", replacement: "#tty1::"}
          - patch: {path: /etc/group, source: group.diff}
          - timezone: Europe/Berlin
          - user: {name: alice, password: secret, groups: [users, wheel], shell: /bin/sh, ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMarker alice@test"]}
          - ssh-inject: {user: root, keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRoot root@test"]}
          - firstboot: {name: hello, script: "echo FIRSTBOOT-MARKER"}
          - everyboot: {name: tick, command: "echo every boot"}
          - reset-identity: {}
        """;

    /// <summary>Issue "hostile input, round two": (a+)+$ on a long line of a's used to take exponential time.</summary>
    [Fact]
    public void An_edit_pattern_that_backtracking_would_take_forever_on_finishes_and_edits()
    {
        var overlay = tiny.Overlay(folder);
        var line = new string('a', 5000) + "!";
        var recipe = Recipe($$"""
            - write: {path: /etc/evil, content: "{{line}}\n{{new string('a', 45)}}\n"}
            - edit: {path: /etc/evil, pattern: "^(a+)+$", replacement: "matched"}
            """);
        var result = tiny.Run("customize", overlay, "--recipe", recipe);
        Assert.True(result.ExitCode == 0, $"customize exited {result.ExitCode}:\n{result.Error}");
        Assert.Equal($"{line}\nmatched\n", new GuestView(overlay, folder).Cat("/etc/evil"));
    }

    /// <summary>
    /// tar-in looks every member up in one debugfs run and answers later lookups from what it saw and wrote: the result
    /// must be what member-by-member lookups gave (existing files replaced, an existing folder taking the archive's
    /// mode, new folders made), and the same when applied again.
    /// </summary>
    [Fact]
    public void Tar_in_of_a_thousand_members_over_existing_files_lands_whole_and_repeatably()
    {
        var tree = folder.File("big");
        for (var d = 0; d < 10; d++)
        {
            Directory.CreateDirectory(Path.Combine(tree, "srv", $"d{d}"));
            for (var f = 0; f < 100; f++)
            {
                File.WriteAllText(Path.Combine(tree, "srv", $"d{d}", $"f{f}.txt"), $"{d}/{f}\n");
            }
        }

        Directory.CreateDirectory(Path.Combine(tree, "etc"));
        File.WriteAllText(Path.Combine(tree, "etc", "motd"), "from the archive\n");
        File.SetUnixFileMode(Path.Combine(tree, "etc"), (UnixFileMode)0x1ed);
        File.SetUnixFileMode(Path.Combine(tree, "srv", "d3"), (UnixFileMode)0x1c0);
        ExternalTool.Ok("tar", "-cf", folder.File("big.tar"), "--owner=0", "--group=0", "-C", tree, ".");
        var overlay = tiny.Overlay(folder);
        var recipe = Recipe("- write: {path: /etc/motd, content: \"before\\n\", mode: \"0600\"}\n- tar-in: {source: big.tar, path: /}\n");

        for (var round = 0; round < 2; round++)
        {
            var result = tiny.Run("customize", overlay, "--recipe", recipe);
            Assert.True(result.ExitCode == 0, $"round {round}: customize exited {result.ExitCode}:\n{result.Error}");
        }

        var guest = new GuestView(overlay, folder);
        guest.AssertClean();
        Assert.Equal("from the archive\n", guest.Cat("/etc/motd"));
        Assert.Contains("Mode:  0644", guest.Stat("/etc/motd"));
        Assert.Contains("Mode:  0700", guest.Stat("/srv/d3"));
        Assert.Equal("7/42\n", guest.Cat("/srv/d7/f42.txt"));
        Assert.Equal(100, guest.List("/srv/d9").Count(n => n.EndsWith(".txt", StringComparison.Ordinal)));
        Assert.True(guest.Exists("/etc/inittab"), "the guest's own /etc lost files");
    }

    [Fact]
    public void Cpio_in_unpacks_an_archive_that_cpio_wrote()
    {
        Materials();
        var made = ExternalTool.Run("sh", "-c", $"cd '{folder.File("tree")}' && find . | cpio -o -H newc > '{folder.File("tree.cpio")}'");
        Assert.True(made.ExitCode == 0, made.Error);
        var overlay = tiny.Overlay(folder);

        var result = tiny.Run("customize", overlay, "--recipe", Recipe("- cpio-in: {source: tree.cpio, path: /opt/app}\n"));

        Assert.True(result.ExitCode == 0, $"customize exited {result.ExitCode}:\n{result.Error}");
        var guest = new GuestView(overlay, folder);
        guest.AssertClean();
        Assert.Equal("port=8080\n", guest.Cat("/opt/app/etc/app/app.conf"));
        Assert.Equal("from a tar\n", guest.Cat("/opt/app/README"));
    }

    [Fact]
    public void AppliesEveryOperationToAnOverlayAndLeavesTheBaseAlone()
    {
        Materials();
        var overlay = tiny.Overlay(folder);

        var customizedOn = DateTime.UtcNow;
        var result = tiny.Run("customize", overlay, "--recipe", Recipe(EveryOperation), "--var", "hostname=web7", "--json");

        Assert.True(result.ExitCode == 0, $"customize exited {result.ExitCode}:\n{result.Error}");
        Assert.Equal(25, result.Json.GetProperty("operations").GetInt32());
        Assert.Equal(tiny.BaseHash, TinyImage.Hash(tiny.Base));
        ExternalTool.AssertCleanCheck(overlay);
        var guest = new GuestView(overlay, folder);
        guest.AssertClean();
        Assert.Equal("web7\n", guest.Cat("/etc/hostname"));
        Assert.Contains("127.0.1.1\tweb7", guest.Cat("/etc/hosts"));
        Assert.Equal("hello from instance #0\n", guest.Cat("/etc/motd"));
        Assert.Contains("Mode:  0640", guest.Stat("/etc/motd"));
        Assert.Contains("Group:   100", guest.Stat("/etc/motd"));
        Assert.Contains("Mode:  0600", guest.Stat("/opt/upload.bin"));
        Assert.Equal("<h1>hi</h1>\n", guest.Cat("/srv/www/index.html"));
        Assert.Equal("port=8080\n", guest.Cat("/opt/app/etc/app/app.conf"));
        Assert.Equal("from a tar\n", guest.Cat("/opt/app/README"));
        Assert.Contains("User:  1000   Group:   100", guest.Stat("/var/lib/data"));
        Assert.True(guest.Exists("/var/lib/data/stamp"));
        Assert.Contains("Fast link dest: \"/opt/app/etc/app/app.conf\"", guest.Stat("/etc/app.conf"));
        Assert.Equal("moved\n", guest.Cat("/tmp/new-name"));
        Assert.False(guest.Exists("/tmp/old-name"));
        Assert.False(guest.Exists("/tmp/doomed"));
        Assert.Equal("0123", guest.Cat("/var/log/big.log"));
        Assert.EndsWith("export EDITOR=vi\n", guest.Cat("/etc/profile"));
        Assert.Contains("#tty1::", guest.Cat("/etc/inittab"));
        Assert.Contains("wheel:x:10:root,alice\n", guest.Cat("/etc/group"));
        Assert.Contains("users:x:100:appliance,alice\n", guest.Cat("/etc/group"));
        Assert.Equal("Europe/Berlin\n", guest.Cat("/etc/timezone"));
        Assert.Matches(@"(?m)^alice:x:1001:1001::/home/alice:/bin/sh$", guest.Cat("/etc/passwd"));
        Assert.Matches(@"(?m)^alice:\$6\$[./0-9A-Za-z]{16}\$", guest.Cat("/etc/shadow"));
        PasswordAging.AssertNotExpired(guest.Cat("/etc/passwd"), guest.Cat("/etc/shadow"), "alice", DateOnly.FromDateTime(customizedOn), DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Contains("AAAAIMarker alice@test", guest.Cat("/home/alice/.ssh/authorized_keys"));
        Assert.Contains("User:  1001   Group:  1001", guest.Stat("/home/alice/.ssh/authorized_keys"));
        Assert.Contains("Mode:  0600", guest.Stat("/home/alice/.ssh/authorized_keys"));
        Assert.Contains("AAAAIRoot root@test", guest.Cat("/root/.ssh/authorized_keys"));
        Assert.Contains("echo FIRSTBOOT-MARKER", guest.Cat("/var/lib/virt-appliance/firstboot/0001-hello"));
        Assert.Contains("echo every boot", guest.Cat("/var/lib/virt-appliance/everyboot/0002-tick"));
        Assert.Contains("ExecStart=/usr/lib/virt-appliance/firstboot", guest.Cat("/etc/systemd/system/virt-appliance-firstboot.service"));
        Assert.True(guest.Exists("/etc/systemd/system/multi-user.target.wants/virt-appliance-firstboot.service"));
        Assert.True(guest.Exists("/etc/init.d/S99virt-appliance-firstboot"));
    }

    [Fact]
    public void ApplyingARecipeTwiceGivesTheSameFilesystemAsOnce()
    {
        Materials();
        var once = tiny.Overlay(folder, "once.qcow2");
        var twice = tiny.Overlay(folder, "twice.qcow2");
        var recipe = Recipe(EveryOperation.Replace("  - reset-identity: {}\n", "", StringComparison.Ordinal));

        foreach (var image in new[] { once, twice, twice })
        {
            var result = tiny.Run("customize", image, "--recipe", recipe, "--var", "name=inst", "--var", "hostname=inst");
            Assert.True(result.ExitCode == 0, $"customize exited {result.ExitCode}:\n{result.Error}");
        }

        var first = new GuestView(once, folder).Tree();
        var second = new GuestView(twice, folder).Tree();
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (path, entry) in first.Where(e => !e.Key.StartsWith("/etc/shadow", StringComparison.Ordinal)))
        {
            Assert.True(entry == second[path], $"{path}: once '{entry}', twice '{second[path]}'");
        }
    }

    [Fact]
    public void GuestSymbolicLinksResolveInsideTheGuestNeverOnTheHost()
    {
        var overlay = tiny.Overlay(folder);
        var marker = $"/tmp/va-escape-{Guid.NewGuid():N}";
        var result = tiny.Run("customize", overlay, "--recipe", Recipe($"- link: {{path: /opt/escape, target: /tmp}}\n- write: {{path: /opt/escape/{Path.GetFileName(marker)}, content: x}}\n"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.False(File.Exists(marker));
        Assert.Equal("x", new GuestView(overlay, folder).Cat(marker));
    }

    [Fact]
    public void InFirstBootModeTheImageStaysAndASeedIsWrittenBesideIt()
    {
        var overlay = tiny.Overlay(folder, "web3.qcow2");
        var before = TinyImage.Hash(overlay);

        var result = tiny.Run("customize", overlay, "--recipe", Recipe("- hostname: ${hostname}\n- write: {path: /etc/motd, content: hi}\n"), "--mode", "firstboot");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(before, TinyImage.Hash(overlay));
        var seed = folder.File("web3-seed.iso");
        Assert.Contains("Volume id: cidata", ExternalTool.Ok("isoinfo", "-d", "-i", seed));
        Assert.Contains("\"hostname\": \"web3\"", ExternalTool.Ok("isoinfo", "-R", "-x", "/user-data", "-i", seed));
    }

    public static TheoryData<string, string> HostileRecipes => new()
    {
        { "- tar-in: {source: climb.tar, path: /opt}\n", "member '../../etc/evil' climbs out" },
        { "- tar-in: {source: device.tar, path: /opt}\n", "is a device node" },
        { "- cpio-in: {source: climb.cpio, path: /opt}\n", "climbs out" },
        { "- link: {path: /etc/motd-link, target: /etc/motd}\n- chmod: {path: /etc/motd-link, mode: \"0600\"}\n", "recipe.yaml:2: chmod: /etc/motd-link is a symbolic link" },
        { "- tar-in: {source: through-link.tar, path: /opt}\n", "would be written through the archive's symbolic link /opt/etc" },
        { "- write: {path: /etc/motd, content: x}\n- patch: {path: /etc/nonexistent, diff: \"@@ -1 +1 @@\\n-a\\n+b\\n\"}\n", "recipe.yaml:2: patch: /etc/nonexistent does not exist" },
        { "- write: {path: /etc/motd, content: x}\n- patch: {path: /etc/group, diff: \"@@ -1 +1 @@\\n-nothere\\n+b\\n\"}\n", "does not apply" },
        { "- write: {path: /etc/motd, content: x}\n- reformat: /\n", "reformat: unknown operation" },
        { "- write: {path: /etc/motd, content: x}\n- upload: {source: big.bin, path: /big.bin}\n", "recipe.yaml:2: upload:" },
        { "- write: {path: /etc/motd, content: x}\n- edit: {path: /etc/missing, pattern: a, replacement: b}\n", "/etc/missing does not exist" },
    };

    [Theory]
    [MemberData(nameof(HostileRecipes))]
    public void BadInputIsRefusedAndTheImageStaysAsItWas(string yaml, string message)
    {
        WriteArchive("climb.tar", new PaxTarEntry(TarEntryType.RegularFile, "../../etc/evil") { DataStream = new MemoryStream([1]) });
        WriteArchive("device.tar", new PaxTarEntry(TarEntryType.CharacterDevice, "dev/mem") { DeviceMajor = 1, DeviceMinor = 1 });
        WriteArchive("through-link.tar",
            new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = "/etc" },
            new PaxTarEntry(TarEntryType.RegularFile, "etc/shadow") { DataStream = new MemoryStream([1]) });
        File.WriteAllBytes(folder.File("big.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(40 << 20));
        Directory.CreateDirectory(folder.File("deep/down"));
        File.WriteAllText(folder.File("deep/evil"), "x");
        var cpio = ExternalTool.Run("sh", "-c", $"cd '{folder.File("deep/down")}' && echo ../evil | cpio -o -H newc > '{folder.File("climb.cpio")}'");
        Assert.True(cpio.ExitCode == 0, cpio.Error);
        var overlay = tiny.Overlay(folder);
        var before = TinyImage.Hash(overlay);

        var result = tiny.Run("customize", overlay, "--recipe", Recipe(yaml));

        Assert.Equal(65, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal(before, TinyImage.Hash(overlay));
        Assert.Equal(tiny.BaseHash, TinyImage.Hash(tiny.Base));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path, ".*"));
    }

    private void WriteArchive(string name, params TarEntry[] entries)
    {
        using var stream = File.Create(folder.File(name));
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
        }
    }

    public void Dispose() => folder.Dispose();
}
