using System.Diagnostics;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests;

/// <summary>
/// A conversion onto a full file system fails with exit 74 and leaves nothing behind. The file system is a 1 MiB
/// tmpfs mounted in a private user and mount namespace (unshare from util-linux), so no root is needed.
/// </summary>
[Trait("Category", "Tools")]
public sealed class FullDiskTests
{
    [Fact]
    public void ConvertOntoAFullDiskExits74AndLeavesNothing()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        var data = new byte[4 << 20];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(source, data);
        var mountPoint = dir.File("small");
        Directory.CreateDirectory(mountPoint);
        var cli = typeof(CliApplication).Assembly.Location;
        var script = $"mount -t tmpfs -o size=1m tmpfs '{mountPoint}' && dotnet '{cli}' image convert -O qcow2 '{source}' '{mountPoint}/out.qcow2'; " +
                     $"echo exit=$?; ls -A '{mountPoint}'";
        var info = new ProcessStartInfo("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, $"unshare failed: {error}");
        Assert.Equal("exit=74", output.Trim());
        Assert.Contains("No space left on device", error);
        Assert.Contains("virt-appliance: error:", error);
    }
}
