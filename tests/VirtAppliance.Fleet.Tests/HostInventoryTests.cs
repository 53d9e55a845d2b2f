using VirtAppliance.Fleet.Inventory;

namespace VirtAppliance.Fleet.Tests;

[Trait("Category", "Fast")]
public sealed class HostInventoryTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("va-inventory-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private HostInventory Inventory() => new(Path.Combine(folder, "virt-appliance", "hosts.yaml"));

    [Fact]
    public void Hosts_added_are_read_back_with_every_setting_and_nothing_else_is_left_in_the_folder()
    {
        var inventory = Inventory();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["zone"] = "a", ["disk"] = "ssd: fast" };
        inventory.Add(new FleetHost("rack1", "qemu+ssh://root@rack1/system", labels, "images", 2.5, 2048));
        inventory.Add(new FleetHost("rack2", "qemu+tcp://127.0.0.3/system", new Dictionary<string, string>()));

        var hosts = inventory.Load();

        Assert.Equal(["rack1", "rack2"], hosts.Select(h => h.Name));
        Assert.Equal("qemu+ssh://root@rack1/system", hosts[0].Uri);
        Assert.Equal(labels, hosts[0].Labels);
        Assert.Equal(("images", 2.5, 2048L), (hosts[0].Pool, hosts[0].CpuOvercommit, hosts[0].ReserveMemoryMiB));
        Assert.Equal((FleetHost.DefaultPool, FleetHost.DefaultCpuOvercommit, FleetHost.DefaultReserveMemoryMiB), (hosts[1].Pool, hosts[1].CpuOvercommit, hosts[1].ReserveMemoryMiB));
        Assert.Equal(["hosts.yaml"], Directory.GetFiles(Path.GetDirectoryName(inventory.Path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_written_by_hand_is_read_with_defaults_for_what_it_leaves_out()
    {
        var hosts = HostInventory.Parse("""
            # two machines in the lab
            big:
              uri: qemu+tls://big.example/system
              labels: {zone: b}
            small: {uri: "qemu+tcp://10.0.0.5/system", reserve-memory-mib: 0}
            """, "hosts.yaml");

        Assert.Equal(["big", "small"], hosts.Select(h => h.Name));
        Assert.Equal("b", hosts[0].Labels["zone"]);
        Assert.Equal(0, hosts[1].ReserveMemoryMiB);
        Assert.Equal(FleetHost.DefaultCpuOvercommit, hosts[1].CpuOvercommit);
    }

    [Theory]
    [InlineData("a:\n  uri: qemu:///system\n  colour: red\n", "hosts.yaml:3: host 'a': unknown setting 'colour'")]
    [InlineData("a:\n  uri: not-a-uri\n", "hosts.yaml:1: host 'a': 'not-a-uri' is not a libvirt URI")]
    [InlineData("a:\n  uri: qemu:///system\n  overcommit-cpu: lots\n", "hosts.yaml:3: host 'a': overcommit-cpu is not a number")]
    [InlineData("a:\n  uri: qemu:///system\n  overcommit-cpu: 0\n", "overcommit-cpu 0 is not between 0 and 64")]
    [InlineData("a:\n  uri: qemu:///system\n  reserve-memory-mib: -1\n", "reserve-memory-mib -1 is negative")]
    [InlineData("a:\n  uri: qemu:///system\n  labels: [x]\n", "hosts.yaml:3: host 'a': labels are a mapping")]
    [InlineData("- a\n- b\n", "hosts.yaml:1: the file is a mapping from host names")]
    [InlineData("a: qemu:///system\n", "hosts.yaml:1: host 'a': expected its settings")]
    [InlineData("../x:\n  uri: qemu:///system\n", "host name '../x'")]
    [InlineData("a: {uri: [\n", "hosts.yaml:")]
    public void A_broken_file_is_refused_naming_the_file_the_line_and_the_field(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => HostInventory.Parse(text, "hosts.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_or_missing_file_is_an_empty_fleet()
    {
        Assert.Empty(Inventory().Load());
        Assert.Empty(HostInventory.Parse("", "hosts.yaml"));
        Assert.Empty(HostInventory.Parse("# nothing yet\n", "hosts.yaml"));
    }

    [Fact]
    public void A_name_or_uri_already_there_is_refused_and_the_file_is_unchanged()
    {
        var inventory = Inventory();
        inventory.Add(new FleetHost("a", "qemu+tcp://127.0.0.2/system", new Dictionary<string, string>()));
        var before = File.ReadAllText(inventory.Path);

        var sameName = Assert.Throws<ArgumentException>(() => inventory.Add(new FleetHost("a", "qemu+tcp://127.0.0.3/system", new Dictionary<string, string>())));
        var sameUri = Assert.Throws<ArgumentException>(() => inventory.Add(new FleetHost("b", "qemu+tcp://127.0.0.2/system", new Dictionary<string, string>())));

        Assert.Contains("hosts remove a", sameName.Message, StringComparison.Ordinal);
        Assert.Contains("as 'a'", sameUri.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(inventory.Path));
    }

    [Fact]
    public void Removing_a_host_keeps_the_others_and_an_unknown_name_is_an_error()
    {
        var inventory = Inventory();
        inventory.Add(new FleetHost("a", "qemu+tcp://127.0.0.2/system", new Dictionary<string, string>()));
        inventory.Add(new FleetHost("b", "qemu+tcp://127.0.0.3/system", new Dictionary<string, string>()));

        inventory.Remove("a");

        Assert.Equal(["b"], inventory.Load().Select(h => h.Name));
        Assert.Throws<ArgumentException>(() => inventory.Remove("a"));
        Assert.Contains("hosts add c URI", Assert.Throws<ArgumentException>(() => inventory.Find("c")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zone=a", "zone", "a")]
    [InlineData("tier=gold=1", "tier", "gold=1")]
    [InlineData("empty=", "empty", "")]
    public void Labels_are_key_equals_value(string text, string key, string value) =>
        Assert.Equal(new KeyValuePair<string, string>(key, value), HostInventory.ParseLabel(text));

    [Theory]
    [InlineData("zone")]
    [InlineData("=a")]
    [InlineData("a b=c")]
    public void A_label_without_a_key_is_refused(string text) =>
        Assert.Contains("expected KEY=VALUE", Assert.Throws<ArgumentException>(() => HostInventory.ParseLabel(text)).Message, StringComparison.Ordinal);
}
