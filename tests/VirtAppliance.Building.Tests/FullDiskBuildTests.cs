using System.Diagnostics;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

/// <summary>
/// A build whose output folder fills up: a clear error and nothing left behind. The folder is an 8 MiB tmpfs mounted
/// in a private user and mount namespace (unshare from util-linux), so no root is needed.
/// </summary>
[Trait("Category", "Tools")]
public sealed class FullDiskBuildTests
{
    [Fact]
    public void ABuildOntoAFullDiskFailsAndLeavesNothing()
    {
        using var dir = new TempDirectory();
        var mountPoint = dir.File("small");
        Directory.CreateDirectory(mountPoint);
        var spec = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks");
        var program = ApplianceCommand.Executable;
        var script = $"mount -t tmpfs -o size=8m tmpfs '{mountPoint}' && '{program}' build '{spec}' -o '{mountPoint}/out'; " +
                     $"echo exit=$?; find '{mountPoint}' -mindepth 1";
        var info = new ProcessStartInfo("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["XDG_STATE_HOME"] = dir.File("state");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, $"unshare failed: {error}");
        var lines = output.Trim().Split('\n');
        Assert.True(lines[0] is "exit=74" or "exit=65", output + error);
        Assert.Matches("(No space left on device|Disk full|is full)", error);
        Assert.Equal($"{mountPoint}/out", Assert.Single(lines[1..]));
    }
}
