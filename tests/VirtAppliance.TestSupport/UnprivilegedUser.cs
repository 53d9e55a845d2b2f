using System.Diagnostics;

namespace VirtAppliance.TestSupport;

/// <summary>
/// Runs the command as a normal Debian user would: not root, in neither the kvm nor the libvirt group, with the
/// default PATH of a Debian login (no /usr/sbin, no /sbin) and a home of the test's own. Run as root, the tests create
/// that user (<see cref="Name"/>); run as a normal user, they are that user already.
/// </summary>
public sealed class UnprivilegedUser : IDisposable
{
    public const string Name = "va-tester";

    /// <summary>PATH of a Debian login shell for a normal user (/etc/profile).</summary>
    public const string DebianUserPath = "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games";

    private readonly TempDirectory folder = new();
    private readonly string? account;

    public UnprivilegedUser()
    {
        if (Environment.IsPrivilegedProcess)
        {
            if (ExternalTool.Run("getent", "passwd", Name).ExitCode != 0)
            {
                ExternalTool.Ok("useradd", "--user-group", "--shell", "/bin/sh", "--no-create-home", Name);
            }

            account = Name;
        }

        Home = folder.File("home");
        Directory.CreateDirectory(Home);
        if (account is not null)
        {
            ExternalTool.Ok("chown", "-R", $"{account}:{account}", folder.Path);
        }

        var groups = Shell("id -nG").Output.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Groups = groups;
    }

    /// <summary>The user's home, a folder of this fixture's own (libvirt's session daemon keeps its sockets and state under it).</summary>
    public string Home { get; }

    /// <summary>The groups the user is in, as id(1) prints them.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>A path inside the home.</summary>
    public string File(string name) => Path.Combine(Home, name);

    /// <summary>Runs the virt-appliance command as the user, in the home folder.</summary>
    public ApplianceCommand.Result Run(TimeSpan limit, params string[] arguments) => Execute([ApplianceCommand.Executable, .. arguments], limit);

    /// <summary>Runs a shell command line as the user, in the home folder.</summary>
    public ApplianceCommand.Result Shell(string commandLine) => Execute(["/bin/sh", "-c", commandLine], TimeSpan.FromSeconds(60));

    public ApplianceCommand.Result Ok(TimeSpan limit, params string[] arguments)
    {
        var result = Run(limit, arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} as {account ?? Environment.UserName} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
    }

    /// <summary>Gives the user a file the test made as root.</summary>
    public string Give(string path)
    {
        if (account is not null)
        {
            ExternalTool.Ok("chown", "-R", $"{account}:{account}", path);
        }

        return path;
    }

    public void Dispose()
    {
        // The session daemon libvirt started for this home ends after 120 s idle; its folder goes now.
        folder.Dispose();
    }

    private ApplianceCommand.Result Execute(IReadOnlyList<string> command, TimeSpan limit)
    {
        var environment = new List<string>
        {
            $"HOME={Home}", $"PATH={DebianUserPath}", $"USER={account ?? Environment.UserName}", $"LOGNAME={account ?? Environment.UserName}",
            "LANG=C.UTF-8", $"DOTNET_ROOT={ApplianceCommand.DotnetRoot()}",
        };
        var info = new ProcessStartInfo(account is null ? "env" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        List<string> arguments = account is null
            ? ["-i", .. environment, .. command]
            : [$"--reuid={account}", $"--regid={account}", "--init-groups", "env", "-i", .. environment, .. command];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(' ', command)} did not finish within {limit.TotalSeconds} s");
        }

        return new ApplianceCommand.Result(process.ExitCode, output.Result, error.Result);
    }
}
