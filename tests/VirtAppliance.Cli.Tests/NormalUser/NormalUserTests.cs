using System.Text.Json;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.NormalUser;

/// <summary>
/// The main journeys as a normal Debian user: not root, in neither the kvm nor the libvirt group, the default PATH
/// (no /usr/sbin: e2fsprogs, dosfstools and fdisk live there), libvirt's session daemon as the default connection.
/// </summary>
[Collection(NormalUserCollection.Name)]
[Trait("Category", "Vm")]
public sealed class NormalUserTests(NormalUserAppliance appliance)
{
    private const string Ready = "TINY-APPLIANCE-READY";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(240);

    private UnprivilegedUser User => appliance.User;

    [Fact]
    public void The_user_is_not_root_in_no_kvm_or_libvirt_group_and_has_no_sbin_on_its_path()
    {
        Assert.NotEqual("0", User.Shell("id -u").Output.Trim());
        Assert.DoesNotContain("kvm", User.Groups);
        Assert.DoesNotContain("libvirt", User.Groups);
        Assert.NotEqual(0, User.Shell("command -v mke2fs").ExitCode);
        Assert.NotEqual(0, User.Shell("command -v debugfs").ExitCode);
    }

    [Fact]
    public void Build_makes_the_tiny_appliance_that_validates_and_checks()
    {
        Assert.True(appliance.Build.ExitCode == 0, $"build as a normal user exited {appliance.Build.ExitCode}:\n{appliance.Build.Error}");
        User.Ok(Limit, "validate", appliance.Descriptor);
        var host = User.Ok(Limit, "check", appliance.Descriptor, "--json").Json.GetProperty("hosts")[0];
        Assert.Equal("bios", host.GetProperty("chosen-id").GetString());
    }

    [Fact]
    public void Image_convert_writes_what_qemu_img_reads_identically()
    {
        var source = appliance.Disk("tiny-sda.qcow2");
        var converted = User.File("sda.vdi");
        User.Ok(Limit, "image", "convert", "-O", "vdi", source, converted);
        ExternalTool.AssertIdentical(source, converted);
    }

    [Fact]
    public void Customize_changes_the_ext4_root_and_the_fat_system_partition()
    {
        var root = User.File("root.qcow2");
        User.Ok(Limit, "image", "overlay", appliance.Disk("tiny-sda.qcow2"), root);
        var recipe = Write("root.yaml", "- write: {path: /etc/motd, content: \"customized by a normal user\\n\"}\n- user: {name: ops, password: secret}\n");
        User.Ok(Limit, "customize", root, "--recipe", recipe);
        var raw = Raw(root);
        Assert.Equal("customized by a normal user\n", ExternalTool.Ok("debugfs", "-R", "cat /etc/motd", $"{raw}?offset={PartitionOffset(raw, 1)}"));
        Assert.Contains("ops:", ExternalTool.Ok("debugfs", "-R", "cat /etc/passwd", $"{raw}?offset={PartitionOffset(raw, 1)}"));

        var esp = User.File("esp.qcow2");
        User.Ok(Limit, "image", "overlay", appliance.Disk("tiny-boot-efi.qcow2"), esp);
        var fatRecipe = Write("esp.yaml", "- write: {path: /hello.txt, content: \"from a normal user\\n\"}\n");
        User.Ok(Limit, "customize", esp, "--recipe", fatRecipe, "--partition", "1");
        var espRaw = Raw(esp);
        Assert.Equal("from a normal user\n", ExternalTool.Ok("mtype", "-i", $"{espRaw}@@{PartitionOffset(espRaw, 1)}", "::/hello.txt").ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Seed_writes_a_cloud_init_iso()
    {
        var recipe = Write("seed.yaml", "- write: {path: /etc/motd, content: \"seeded\\n\"}\n");
        var seed = User.File("seed.iso");
        User.Ok(Limit, "seed", "--recipe", recipe, "-o", seed);
        Assert.Contains("Volume id: cidata", ExternalTool.Ok("isoinfo", "-d", "-i", seed));
    }

    [Fact]
    public void Deploy_on_the_default_connection_boots_lists_and_undeploys()
    {
        var deployed = User.Ok(Limit, "deploy", appliance.Descriptor, "--name", "user-tiny", "--wait-for", Ready, "--timeout", "150", "--json").Json;
        try
        {
            Assert.Equal("qemu:///session", deployed.GetProperty("connection").GetString());
            Assert.True(deployed.GetProperty("marker-seen").GetBoolean());
            var listed = User.Ok(Limit, "list", "--json").Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "user-tiny");
            Assert.Equal("running (booted)", listed.GetProperty("state").GetString());
            Assert.Equal("qemu:///session", listed.GetProperty("connection").GetString());
        }
        finally
        {
            User.Ok(Limit, "undeploy", "user-tiny", "--purge", "--force");
        }

        Assert.DoesNotContain(User.Ok(Limit, "list", "--json").Json.EnumerateArray(), i => i.GetProperty("name").GetString() == "user-tiny");
    }

    [Fact]
    public void The_system_connection_is_refused_with_what_to_do()
    {
        var refused = User.Run(Limit, "deploy", appliance.Descriptor, "--connect", "qemu:///system", "--name", "system-tiny", "--dry-run");
        Assert.Equal(69, refused.ExitCode);
        Assert.Contains("qemu:///session", refused.Error);
    }

    [Fact]
    public void Publish_to_a_folder_and_pull_from_it()
    {
        var key = User.File("key");
        User.Ok(Limit, "key", "generate", key);
        var repository = User.File("repository");
        User.Ok(Limit, "publish", appliance.Descriptor, "--repo", repository, "--key", key);
        var pulled = User.Ok(Limit, "pull", "tiny:1.0", "--repo", repository, "--key", key + ".pub", "--json").Json;
        var descriptor = pulled.GetProperty("descriptor").GetString()!;
        Assert.StartsWith(User.Home, descriptor, StringComparison.Ordinal);
        User.Ok(Limit, "validate", descriptor);
    }

    private string Write(string name, string content) => User.Give(WriteAsRoot(User.File(name), content));

    private static string WriteAsRoot(string path, string content)
    {
        File.WriteAllText(path, content);
        return path;
    }

    private string Raw(string image)
    {
        var raw = User.File(Path.GetFileNameWithoutExtension(image) + ".raw");
        ExternalTool.QemuImg("convert", "-O", "raw", image, raw);
        return raw;
    }

    private static long PartitionOffset(string raw, int number)
    {
        var table = JsonDocument.Parse(ExternalTool.Ok("sfdisk", "--json", raw)).RootElement.GetProperty("partitiontable");
        var partition = table.GetProperty("partitions")[number - 1];
        return partition.GetProperty("start").GetInt64() * table.GetProperty("sectorsize").GetInt64();
    }
}
