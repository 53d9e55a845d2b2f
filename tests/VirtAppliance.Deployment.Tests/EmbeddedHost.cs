using System.Text.Json;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Hosts.Probing;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

/// <summary>
/// The real thing: the virt-appliance executable on libvirt's embedded QEMU driver (in its own state directory),
/// guests under real QEMU, and the tiny demo appliance made by scripts/demo-appliance.sh.
/// </summary>
public sealed class EmbeddedHost : IDisposable
{
    private readonly TempDirectory folder = new();

    public EmbeddedHost()
    {
        RepositoryRoot = ApplianceCommand.RepositoryRoot();
        AppliancePath = folder.File("appliance");
        var made = ExternalTool.Run("bash", Path.Combine(RepositoryRoot, "scripts", "demo-appliance.sh"), AppliancePath);
        Assert.True(made.ExitCode == 0, $"scripts/demo-appliance.sh failed: {made.Error}{made.Output}");
        StateHome = folder.File("state");
    }

    public string RepositoryRoot { get; }

    /// <summary>Holds vmlinuz, initrd.img, system.img, demo.xml and two-phase.xml.</summary>
    public string AppliancePath { get; }

    /// <summary>XDG_STATE_HOME of every command run here.</summary>
    public string StateHome { get; }

    public string EmbeddedRoot => Path.Combine(StateHome, "virt-appliance", "libvirt");

    public string InstanceFolder(string name) => Path.Combine(StateHome, "virt-appliance", "instances", name);

    public ApplianceCommand.Result Run(params string[] arguments) => Run(null, arguments);

    public ApplianceCommand.Result Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // Explicitly the embedded driver, even on a machine where a libvirt daemon happens to run.
        var full = arguments is ["deploy", ..] && !arguments.Contains("--connect")
            ? [.. arguments, "--connect", $"qemu:///embed?root={EmbeddedRoot}"]
            : arguments;
        return ApplianceCommand.Run(StateHome, environment, full, TimeSpan.FromSeconds(180));
    }

    public ApplianceCommand.Result Ok(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
    }

    /// <summary>
    /// Deploys as 'deploy DESCRIPTOR --name NAME --wait-for TEXT' on this host's embedded root, but through the fault
    /// host (tests/VirtAppliance.FaultHost), which kills itself with SIGKILL when the deployment reaches <paramref name="step"/>.
    /// </summary>
    public ApplianceCommand.Result DeployKilledAt(string step, string descriptor, string name, string waitFor)
    {
        var uri = $"qemu:///embed?root={EmbeddedRoot}";
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);
        var faultHost = Path.Combine(RepositoryRoot, "tests", "VirtAppliance.FaultHost", "bin", configuration, "net10.0", "VirtAppliance.FaultHost");
        Assert.True(File.Exists(faultHost), $"{faultHost} is missing: build the solution (the Deployment tests reference it)");
        string[] arguments = [uri, descriptor, name, waitFor, step];
        var environment = new Dictionary<string, string> { ["DOTNET_ROOT"] = ApplianceCommand.DotnetRoot() };
        if (KvmMask.ShouldMask(uri, KvmProbe.Run().Usable, Environment.IsPrivilegedProcess, environmentValue: null))
        {
            // As the command does for itself: libvirt re-probes QEMU on every connection while a broken /dev/kvm shows.
            var (fileName, masked) = KvmMask.Command(faultHost, KvmMask.PrepareMaskFile(folder.File("mask")), arguments);
            return ApplianceCommand.Run(StateHome, environment, masked, TimeSpan.FromSeconds(180), fileName);
        }

        return ApplianceCommand.Run(StateHome, environment, arguments, TimeSpan.FromSeconds(180), faultHost);
    }

    /// <summary>Polls 'status NAME --json' (which reconciles) until the instance is in phase run and running.</summary>
    public JsonElement WaitUntilRunning(string name, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var status = Ok("status", name, "--json").Json;
            if (status.GetProperty("phase").GetString() == "run" && status.GetProperty("state").GetString() == "running (booted)")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{name}' did not reach phase run / running within {limit.TotalSeconds} s: {status}");
            Thread.Sleep(500);
        }
    }

    public static bool WaitForText(string path, string text, TimeSpan limit) => ApplianceCommand.WaitForText(path, text, limit);

    public void Dispose()
    {
        foreach (var instance in Directory.Exists(Path.Combine(StateHome, "virt-appliance", "instances"))
                     ? Directory.GetDirectories(Path.Combine(StateHome, "virt-appliance", "instances"))
                     : [])
        {
            Run("undeploy", Path.GetFileName(instance), "--purge", "--force");
        }

        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHost>
{
    /// <summary>One embedded driver root is used by one process at a time: these tests run one after another.</summary>
    public const string Name = "embedded libvirt";
}
