using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>Living with a deployed appliance on the daemon default: the interactive console, stop, start, undeploy.</summary>
[Collection(TinyOnTheDaemonCollection.Name)]
[Trait("Category", "Vm")]
public sealed class ConsoleAndLifecycleTests(TinyOnTheDaemon tiny)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_default_connection_is_the_system_daemon_for_root_and_says_so()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the day-2 tests run as root, as .ci/run does (the normal-user tests cover the session daemon)");
        var probe = tiny.Ok("probe", "--json").Json;
        Assert.Equal("qemu:///system", probe.GetProperty("default-connection").GetString());

        var name = tiny.NameFor("default");
        var deployed = tiny.Deploy(name);

        Assert.Contains("connection: qemu:///system (", deployed.Output, StringComparison.Ordinal);
        Assert.Equal("qemu:///system", tiny.Ok("status", name, "--json").Json.GetProperty("connection").GetString());
        var virsh = ExternalTool.Ok("virsh", "-c", "qemu:///system", "domstate", name);
        Assert.Equal("running", virsh.Trim());
        tiny.Ok("undeploy", name, "--purge", "--force");
    }

    /// <summary>Issue "Day-2 operations", done when: log in through a pseudo-terminal, run a command, list meanwhile, leave with Ctrl-].</summary>
    [Fact]
    public void The_console_is_interactive_through_a_terminal_while_other_commands_run()
    {
        var name = tiny.NameFor("console");
        tiny.Deploy(name);

        // script(1) gives the command a pseudo-terminal, as a user's terminal would be; what we type goes through it.
        using var console = RunningCommand.Start(tiny.StateHome, ["-E", "never", "-qfec", $"{ApplianceCommand.Executable} console {name}", "/dev/null"], "script");
        var at = console.WaitForOutput($"Connected to the console of '{name}' (Ctrl-] leaves)", Limit);
        console.Type("\r");
        at = console.WaitForOutput("tiny login:", Limit, at);
        console.Type("root\r");
        at = console.WaitForOutput("Password:", Limit, at);
        console.Type("tiny\r");
        console.Type("echo CONSOLE-$((6 * 7)) on $(hostname)\r");
        console.WaitForOutput("CONSOLE-42 on tiny", Limit, at);

        var listed = tiny.Ok("list", "--json").Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);
        Assert.Equal("running (booted)", listed.GetProperty("state").GetString());
        Assert.Equal("running (booted)", tiny.Ok("status", name, "--json").Json.GetProperty("state").GetString());

        console.Type("\u001d");
        var left = console.WaitForExit(Limit);
        Assert.True(left.ExitCode == 0, $"console exited {left.ExitCode}: {left.Output}");
        Assert.Equal("running (booted)", tiny.Ok("status", name, "--json").Json.GetProperty("state").GetString());
        Assert.Contains("CONSOLE-42 on tiny", File.ReadAllText(tiny.Ok("status", name, "--json").Json.GetProperty("console-log").GetString()!));
        tiny.Ok("undeploy", name, "--purge", "--force");
    }

    [Fact]
    public void Stop_powers_the_tiny_appliance_off_by_acpi_and_every_command_agrees_on_its_state()
    {
        var name = tiny.NameFor("stop");
        tiny.Deploy(name);

        var stopped = tiny.Ok("stop", name, "--timeout", "60");

        // "shutdown" is libvirt's reason for a guest that powered itself off; a forced stop would say "destroyed".
        Assert.Equal($"{name}: shut off (shutdown)", stopped.Output.Trim());
        Assert.Equal("shut off (shutdown)", tiny.Ok("status", name, "--json").Json.GetProperty("state").GetString());
        var listed = tiny.Ok("list", "--json").Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);
        Assert.Equal("shut off (shutdown)", listed.GetProperty("state").GetString());
        Assert.Equal("shut off", ExternalTool.Ok("virsh", "-c", "qemu:///system", "domstate", name).Trim());

        tiny.Ok("start", name);
        var again = tiny.Ok("start", name);
        Assert.Contains("already running", again.Output, StringComparison.Ordinal);

        var refused = tiny.Run("undeploy", name);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(tiny.InstanceFolder(name)));
        Assert.Equal("running (booted)", tiny.Ok("status", name, "--json").Json.GetProperty("state").GetString());

        tiny.Ok("stop", name, "--force");
        Assert.Equal("shut off (destroyed)", tiny.Ok("status", name, "--json").Json.GetProperty("state").GetString());
        Assert.Equal("shut off (destroyed)", tiny.Ok("list", "--json").Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == name).GetProperty("state").GetString());
        tiny.Ok("undeploy", name, "--purge");
        Assert.False(Directory.Exists(tiny.InstanceFolder(name)));
    }
}
