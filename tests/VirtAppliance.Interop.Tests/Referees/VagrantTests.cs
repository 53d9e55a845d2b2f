using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests.Referees;

/// <summary>
/// Issue "Interop", the Vagrant referee: the Debian appliance, customized with examples/vagrant.recipe.yaml and
/// exported as a box, is added, brought up by vagrant-libvirt on the system daemon, reached with 'vagrant ssh' and
/// destroyed.
/// </summary>
[Collection(DebianServerCollection.Name)]
[Trait("Category", "Vm")]
public sealed class VagrantTests(DebianServer server) : IDisposable
{
    private static readonly TimeSpan UpLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);

    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void An_exported_box_comes_up_under_vagrant_libvirt_and_answers_vagrant_ssh()
    {
        var plain = server.Ok("export", server.Descriptor, "--to", "vagrant", "-o", folder.File("plain.box"), "--json").Json;
        var lacking = plain.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(lacking, w => w.Contains("a 'vagrant' user", StringComparison.Ordinal) && w.Contains("examples/vagrant.recipe.yaml", StringComparison.Ordinal));
        Assert.DoesNotContain(lacking, w => w.Contains("SSH server", StringComparison.Ordinal) || w.Contains("DHCP client", StringComparison.Ordinal));

        var copy = folder.File("appliance");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(server.Output))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var recipe = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "vagrant.recipe.yaml");
        server.Ok("customize", Path.Combine(copy, "debian-server-sda.qcow2"), "--recipe", recipe);
        var box = folder.File("debian-server.box");
        var exported = server.Ok("export", Path.Combine(copy, "debian-server.xml"), "--to", "vagrant", "-o", box, "--json").Json;
        Assert.Empty(exported.GetProperty("warnings").EnumerateArray());

        var boxName = DebianServer.NameFor("vagrant");
        var project = folder.File("project");
        Directory.CreateDirectory(project);
        var console = folder.File("console.log");
        File.WriteAllText(Path.Combine(project, "Vagrantfile"), ProjectFile(boxName, console));
        var environment = new Dictionary<string, string> { ["VAGRANT_HOME"] = folder.File("vagrant-home"), ["VAGRANT_CHECKPOINT_DISABLE"] = "1" };
        Vagrant(project, environment, CommandLimit, "box", "add", "--name", boxName, box);
        try
        {
            Vagrant(project, environment, UpLimit, "up", "--provider=libvirt");
            var answer = Vagrant(project, environment, CommandLimit, "ssh", "-c", "hostname; sudo -n id -u");
            Assert.Equal(["debian-server", "0"], answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains(DebianServer.LoginPrompt, File.ReadAllText(console));
        }
        finally
        {
            ExternalTool.Run(new ExternalTool.Invocation("vagrant", ["destroy", "-f"]) { Folder = project, Environment = environment, Limit = CommandLimit });
            ExternalTool.Run(new ExternalTool.Invocation("vagrant", ["box", "remove", "-f", boxName]) { Folder = project, Environment = environment, Limit = CommandLimit });
            DeleteUploadedBox(boxName);
        }
    }

    /// <summary>The settings that run a libvirt guest here (interop facts): emulated CPU, no display, the serial console to a file, no synced folder.</summary>
    private static string ProjectFile(string box, string console) => $$"""
        Vagrant.configure("2") do |config|
          config.vm.box = "{{box}}"
          config.vm.synced_folder ".", "/vagrant", disabled: true
          config.ssh.shell = "sh"
          config.vm.provider :libvirt do |libvirt|
            libvirt.uri = "{{DebianServer.SystemConnection}}"
            libvirt.driver = "qemu"
            libvirt.cpu_mode = "custom"
            libvirt.cpu_model = "qemu64"
            libvirt.graphics_type = "none"
            libvirt.video_type = "none"
            libvirt.serial :type => "file", :source => { :path => "{{console}}" }
          end
        end
        """;

    private static string Vagrant(string project, IReadOnlyDictionary<string, string> environment, TimeSpan limit, params string[] arguments) =>
        ExternalTool.Ok(new ExternalTool.Invocation("vagrant", arguments) { Folder = project, Environment = environment, Limit = limit });

    /// <summary>vagrant-libvirt uploads the box image into the 'default' pool, and 'box remove' leaves it there.</summary>
    private static void DeleteUploadedBox(string box)
    {
        var volumes = ExternalTool.Run("virsh", "-c", DebianServer.SystemConnection, "vol-list", "default", "--name");
        foreach (var volume in volumes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(v => v.StartsWith(box + "_vagrant_box_image", StringComparison.Ordinal)))
        {
            ExternalTool.Run("virsh", "-c", DebianServer.SystemConnection, "vol-delete", volume, "--pool", "default");
        }
    }
}
