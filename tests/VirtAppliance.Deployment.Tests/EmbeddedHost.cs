using System.Diagnostics;
using System.Text.Json;
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
        RepositoryRoot = FindRepositoryRoot();
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

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement;
    }

    public Result Run(params string[] arguments) => Run(null, arguments);

    public Result Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "virt-appliance"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Explicitly the embedded driver, even on a machine where a libvirt daemon happens to run.
        if (arguments is ["deploy", ..] && !arguments.Contains("--connect"))
        {
            info.ArgumentList.Add("--connect");
            info.ArgumentList.Add($"qemu:///embed?root={EmbeddedRoot}");
        }

        info.Environment["XDG_STATE_HOME"] = StateHome;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(180)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"virt-appliance {string.Join(' ', arguments)} did not finish within 180 s");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public Result Ok(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
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

    public static bool WaitForText(string path, string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(200);
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var instance in Directory.Exists(Path.Combine(StateHome, "virt-appliance", "instances"))
                     ? Directory.GetDirectories(Path.Combine(StateHome, "virt-appliance", "instances"))
                     : [])
        {
            Run("undeploy", Path.GetFileName(instance), "--purge");
        }

        folder.Dispose();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VirtAppliance.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (VirtAppliance.slnx) is not above the test's folder");
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHost>
{
    /// <summary>One embedded driver root is used by one process at a time: these tests run one after another.</summary>
    public const string Name = "embedded libvirt";
}
