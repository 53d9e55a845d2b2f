using System.Text.Json;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>
/// Issue "Live hardware changes": on i440fx and q35 under real QEMU, a vCPU, memory, a disk and a NIC are added while
/// the guest runs and the guest uses them at once (its own hardware watcher says so on the console); the disk goes
/// again; the maxima are refused with the reason; and the changes survive a stop and start.
/// </summary>
[Collection(HotplugTinyCollection.Name)]
[Trait("Category", "Vm")]
public sealed class LiveHardwareTests(HotplugTiny tiny)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("pc")]
    [InlineData("q35")]
    public void Hardware_added_live_is_used_by_the_guest_at_once_and_kept_across_a_restart(string machine)
    {
        var name = tiny.NameFor(machine);
        tiny.Ok("deploy", tiny.Descriptors[machine], "--name", name, "--wait-for", "HW cpus", "--timeout", "150");
        var log = tiny.Ok("status", name, "--json").Json.GetProperty("console-log").GetString()!;
        var boot = HotplugTiny.WaitForHardware(log, @"cpus=0 ", 0, Limit);
        Assert.Equal(["vda", "vdb"], boot.Disks);
        Assert.Contains("eth0", boot.Nics);

        var before = tiny.Ok("hardware", name, "--json").Json;
        var live = before.GetProperty("live");
        Assert.Equal(1, live.GetProperty("vcpus").GetInt32());
        Assert.Equal(2, live.GetProperty("max-vcpus").GetInt32());
        Assert.Equal(256, live.GetProperty("total-memory-mib").GetInt64());
        Assert.Equal(512, live.GetProperty("max-memory-mib").GetInt64());
        Assert.Equal(machine == "q35", live.GetProperty("machine").GetString()!.Contains("q35", StringComparison.Ordinal));
        Assert.True(before.GetProperty("headroom").GetProperty("device-slots").GetInt32() >= 3, before.ToString());

        tiny.Ok("set", name, "--vcpus", "2");
        var cpus = HotplugTiny.WaitForHardware(log, @"cpus=0-1 ", boot.LogEnd, Limit);

        tiny.Ok("set", name, "--memory", "384");
        var memory = HotplugTiny.WaitForHardware(log, $@"mem=(?!{cpus.MemTotalKiB} )", cpus.LogEnd, Limit);
        Assert.Equal(128 * 1024, memory.MemTotalKiB - cpus.MemTotalKiB);

        var attached = tiny.Ok("attach", name, "--disk", "64M").Output;
        Assert.Contains("attached vdc", attached, StringComparison.Ordinal);
        var withDisk = HotplugTiny.WaitForHardware(log, @"disks=vda,vdb,vdc, ", memory.LogEnd, Limit);
        tiny.Ok("detach", name, "vdc", "--purge");
        var withoutDisk = HotplugTiny.WaitForHardware(log, @"disks=vda,vdb, ", withDisk.LogEnd, Limit);

        tiny.Ok("attach", name, "--nic");
        var withNic = HotplugTiny.WaitForHardware(log, @"nics=eth0,eth1,", withoutDisk.LogEnd, Limit);

        // A second card comes and goes again, found by its MAC address.
        var second = tiny.Ok("attach", name, "--nic").Output;
        var withSecond = HotplugTiny.WaitForHardware(log, @"nics=eth0,eth1,eth2,", withNic.LogEnd, Limit);
        tiny.Ok("detach", name, System.Text.RegularExpressions.Regex.Match(second, "MAC ([0-9a-f:]{17})").Groups[1].Value);
        withNic = HotplugTiny.WaitForHardware(log, @"nics=eth0,eth1,lo,", withSecond.LogEnd, Limit);

        // A card with a published port: the guest takes an address on it and its web server answers through it.
        var published = tiny.Ok("attach", name, "--nic", "--publish", "80").Output;
        var port = int.Parse(System.Text.RegularExpressions.Regex.Match(published, @"127\.0\.0\.1:(\d+) → 80/tcp").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("HOTPLUG-HTTP-OK", Get(port, Limit));
        var publishedMac = System.Text.RegularExpressions.Regex.Match(published, "MAC ([0-9a-f:]{17})").Groups[1].Value;
        Assert.Contains($"127.0.0.1:{port}", tiny.Ok("status", name).Output, StringComparison.Ordinal);
        tiny.Ok("detach", name, publishedMac);
        Assert.Null(Get(port, TimeSpan.Zero));
        Assert.DoesNotContain($"127.0.0.1:{port}", tiny.Ok("status", name).Output, StringComparison.Ordinal);

        var tooManyCpus = tiny.Run("set", name, "--vcpus", "3");
        Assert.Equal(69, tooManyCpus.ExitCode);
        Assert.Contains("at most 2 vCPU", tooManyCpus.Error, StringComparison.Ordinal);
        Assert.Contains("--config", tooManyCpus.Error, StringComparison.Ordinal);
        var tooMuchMemory = tiny.Run("set", name, "--memory", "1024");
        Assert.Equal(69, tooMuchMemory.ExitCode);
        Assert.Contains("at most 512 MiB", tooMuchMemory.Error, StringComparison.Ordinal);
        var notABlock = tiny.Run("set", name, "--memory", "400");
        Assert.Equal(64, notABlock.ExitCode);
        Assert.Contains("steps of 128 MiB", notABlock.Error, StringComparison.Ordinal);

        // A disk for the next start only, then a restart: everything added live comes back, and that disk too.
        tiny.Ok("attach", name, "--disk", "32M", "--role", "scratch", "--config");
        tiny.Ok("stop", name, "--timeout", "60");
        var defined = tiny.Ok("hardware", name, "--json").Json;
        Assert.Equal(JsonValueKind.Null, defined.TryGetProperty("live", out var none) ? none.ValueKind : JsonValueKind.Null);
        tiny.Ok("start", name);
        var restarted = HotplugTiny.WaitForHardware(log, @"cpus=0-1 .*disks=vda,vdb,vdc, nics=eth0,eth1,", withNic.LogEnd, Limit);
        Assert.True(restarted.MemTotalKiB > boot.MemTotalKiB + (100 * 1024), $"MemTotal {restarted.MemTotalKiB} KiB after the restart; {boot.MemTotalKiB} KiB at first");

        var after = tiny.Ok("hardware", name, "--json").Json.GetProperty("persistent");
        Assert.Equal(2, after.GetProperty("vcpus").GetInt32());
        Assert.Equal(384, after.GetProperty("total-memory-mib").GetInt64());
        Assert.Equal(["vda", "vdb", "vdc"], after.GetProperty("disks").EnumerateArray().Select(d => d.GetProperty("target").GetString()));
        Assert.Equal("scratch", after.GetProperty("disks")[2].GetProperty("role").GetString());
        Assert.Equal(2, after.GetProperty("nics").GetArrayLength());

        // The domain lost (undefined behind the tool's back): reconcile defines it again from the plan, changes included.
        ExternalTool.Ok("virsh", "-c", "qemu:///system", "destroy", name);
        ExternalTool.Ok("virsh", "-c", "qemu:///system", "undefine", name);
        tiny.Ok("reconcile", name);
        var redefined = tiny.Ok("hardware", name, "--json").Json.GetProperty("persistent");
        Assert.Equal(after.GetProperty("vcpus").GetInt32(), redefined.GetProperty("vcpus").GetInt32());
        Assert.Equal(after.GetProperty("total-memory-mib").GetInt64(), redefined.GetProperty("total-memory-mib").GetInt64());
        Assert.Equal(Targets(after), Targets(redefined));
        Assert.Equal(Macs(after), Macs(redefined));
        tiny.Ok("undeploy", name, "--purge", "--force");
    }

    private static IEnumerable<string?> Targets(JsonElement hardware) => hardware.GetProperty("disks").EnumerateArray().Select(d => d.GetProperty("target").GetString());

    private static IEnumerable<string?> Macs(JsonElement hardware) => hardware.GetProperty("nics").EnumerateArray().Select(n => n.GetProperty("mac").GetString());

    /// <summary>The page at the host port, retried until <paramref name="limit"/> (the guest's DHCP comes first); null when nothing answers.</summary>
    private static string? Get(int port, TimeSpan limit)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                return client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")).GetAwaiter().GetResult().Trim();
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    return null;
                }

                Thread.Sleep(500);
            }
        }
    }
}
