using System.Text.RegularExpressions;
using System.Xml.Linq;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>
/// examples/tiny.ks with room for live hardware changes (a second vCPU, memory up to 512 MiB, two disks and a NIC)
/// a web server on port 80, and a watcher that prints the guest's hardware on its console whenever it changes:
/// "HW cpus=0-1 mem=KiB disks=vda,vdb, nics=eth0,lo,". Built once; deployed as i440fx (pc) and as q35.
/// </summary>
public sealed partial class HotplugTiny : TinyOnDaemonBase
{
    private const string Hotplug = """

        %appliance
        vcpus 1 --max 2
        memory 256 --max 512
        hotplug --disks 2 --nics 1
        %end

        %post
        mkdir -p /srv/www
        echo HOTPLUG-HTTP-OK > /srv/www/index.html
        printf '#!/bin/sh\nhttpd -p 80 -h /srv/www\n' > /etc/init.d/S80httpd
        chmod 755 /etc/init.d/S80httpd
        cat > /etc/init.d/S85hardware <<'WATCH'
        #!/bin/sh
        (
          last=
          while :; do
            now="HW cpus=$(cat /sys/devices/system/cpu/online) mem=$(awk '/^MemTotal/ {print $2}' /proc/meminfo) disks=$(ls /sys/block | grep -v '^loop' | tr '\n' ,) nics=$(ls /sys/class/net | tr '\n' ,)"
            [ "$now" != "$last" ] && echo "$now" > /dev/console
            last=$now
            sleep 1
          done
        ) &
        WATCH
        chmod 755 /etc/init.d/S85hardware
        %end
        """;

    public HotplugTiny()
        : base(Hotplug, "hotplug", "hotplug")
    {
        var descriptor = Descriptor;

        // The same appliance on q35: every variant requires that machine type.
        var q35 = XDocument.Load(descriptor);
        foreach (var requirements in q35.Descendants("requirements"))
        {
            requirements.Add(new XElement("machine", "q35"));
        }

        var onQ35 = Path.Combine(Path.GetDirectoryName(descriptor)!, "tiny-q35.xml");
        q35.Save(onQ35);
        Descriptors = new Dictionary<string, string> { ["pc"] = descriptor, ["q35"] = onQ35 };
    }

    public IReadOnlyDictionary<string, string> Descriptors { get; }

    /// <summary>The hardware line the guest printed last, once one matching <paramref name="pattern"/> has appeared after <paramref name="from"/>.</summary>
    public static GuestHardware WaitForHardware(string consoleLog, string pattern, long from, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var wanted = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        while (true)
        {
            var text = File.Exists(consoleLog) ? File.ReadAllText(consoleLog) : "";
            var lines = HardwareLine().Matches(text[(int)Math.Min(from, text.Length)..]).Select(m => m.Value).ToList();
            if (lines.Count > 0 && wanted.IsMatch(lines[^1]))
            {
                return GuestHardware.Parse(lines[^1], new FileInfo(consoleLog).Length);
            }

            Assert.True(DateTime.UtcNow < deadline, $"no hardware line matching '{pattern}' on the console within {limit.TotalSeconds:0} s; the guest printed:\n{string.Join('\n', lines)}");
            Thread.Sleep(250);
        }
    }

    [GeneratedRegex(@"HW cpus=\S+ mem=\d+ disks=\S* nics=\S*")]
    private static partial Regex HardwareLine();
}

/// <summary>One line of the guest's hardware watcher, and where the console log ended when it was read.</summary>
public sealed record GuestHardware(string Cpus, long MemTotalKiB, IReadOnlyList<string> Disks, IReadOnlyList<string> Nics, long LogEnd)
{
    public static GuestHardware Parse(string line, long logEnd)
    {
        var fields = line.Split(' ').Skip(1).Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        return new GuestHardware(
            fields["cpus"],
            long.Parse(fields["mem"], System.Globalization.CultureInfo.InvariantCulture),
            fields["disks"].Split(',', StringSplitOptions.RemoveEmptyEntries),
            fields["nics"].Split(',', StringSplitOptions.RemoveEmptyEntries),
            logEnd);
    }
}

[CollectionDefinition(Name)]
public sealed class HotplugTinyCollection : ICollectionFixture<HotplugTiny>
{
    public const string Name = "tiny with hot-plug room";
}
