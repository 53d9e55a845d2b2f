using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Deployment.Tests;

[Trait("Category", "Fast")]
public sealed class SmallPartsTests
{
    private static readonly StateDirectory State = new("/home/u/.local/state/virt-appliance");

    [Theory]
    [InlineData(true, true, false, null, null, "qemu:///system")]
    [InlineData(false, false, true, null, null, "qemu:///session")]
    [InlineData(false, true, true, null, null, "qemu:///session")]
    [InlineData(true, false, true, null, null, "qemu:///embed?root=/home/u/.local/state/virt-appliance/libvirt")]
    [InlineData(false, false, false, null, null, "qemu:///embed?root=/home/u/.local/state/virt-appliance/libvirt")]
    [InlineData(true, true, true, "qemu+tcp://h/system", "qemu:///session", "qemu+tcp://h/system")]
    [InlineData(false, false, false, "", "test:///default", "test:///default")]
    [InlineData(true, true, false, null, "qemu:///session", "qemu:///session")]
    public void The_default_connection_is_resolved_as_libvirt_clients_do(bool root, bool systemReachable, bool sessionInstalled, string? environment, string? configured, string expected) =>
        Assert.Equal(expected, ConnectionUris.ChooseDefault(new ConnectionUris.Facts(root, systemReachable, sessionInstalled, environment, configured), State).Uri);

    [Theory]
    [InlineData("uri_default = \"qemu:///session\"\n", "qemu:///session")]
    [InlineData("# uri_default = \"qemu:///system\"\nuri_aliases = [\"a=qemu:///system\"]\n", null)]
    [InlineData("  uri_default=\"test:///default\"  # the test driver\n", "test:///default")]
    [InlineData("uri_default = qemu:///system\n", null)]
    public void Uri_default_is_read_from_libvirt_conf(string text, string? expected) =>
        Assert.Equal(expected, LibvirtConf.Value(text, "uri_default"));

    [Fact]
    public void Embedded_roots_are_read_back_from_uris()
    {
        Assert.Equal("/srv/x", ConnectionUris.EmbeddedRoot("qemu:///embed?root=/srv/x"));
        Assert.Equal("/srv/a b", ConnectionUris.EmbeddedRoot("qemu:///embed?root=/srv/a%20b"));
        Assert.Null(ConnectionUris.EmbeddedRoot("qemu:///system"));
        Assert.Null(ConnectionUris.EmbeddedRoot("test:///default"));
        Assert.True(ConnectionUris.IsLocal("qemu:///embed?root=/x"));
        Assert.False(ConnectionUris.IsLocal("qemu+ssh://host/system"));
    }

    [Fact]
    public void The_embedded_qemu_conf_avoids_virtlogd_and_runs_qemu_as_the_caller()
    {
        Assert.Contains("stdio_handler = \"file\"", EmbeddedDriver.Configuration(privileged: false));
        Assert.DoesNotContain("user =", EmbeddedDriver.Configuration(privileged: false));
        Assert.Contains("user = \"+0\"", EmbeddedDriver.Configuration(privileged: true));
        Assert.Contains("dynamic_ownership = 0", EmbeddedDriver.Configuration(privileged: true));
    }

    [Theory]
    [InlineData("qemu:///embed?root=/x", false, true, null, true)]
    [InlineData("qemu:///embed?root=/x", true, true, null, false)]
    [InlineData("qemu:///embed?root=/x", false, false, null, false)]
    [InlineData("qemu:///embed?root=/x", false, true, "off", false)]
    [InlineData("qemu:///system", false, true, null, false)]
    public void Kvm_is_masked_only_for_root_on_the_embedded_driver_when_the_probe_failed(string uri, bool usable, bool privileged, string? env, bool expected) =>
        Assert.Equal(expected && File.Exists(KvmMask.Device), KvmMask.ShouldMask(uri, usable, privileged, env));

    [Theory]
    [InlineData("8080:80", "127.0.0.1", 8080, 80, "tcp")]
    [InlineData("0.0.0.0:2222:22", "0.0.0.0", 2222, 22, "tcp")]
    [InlineData("5353:53/udp", "127.0.0.1", 5353, 53, "udp")]
    [InlineData("80", "127.0.0.1", 0, 80, "tcp")]
    [InlineData("0:22", "127.0.0.1", 0, 22, "tcp")]
    public void Published_ports_parse(string text, string address, int host, int guest, string protocol) =>
        Assert.Equal(new PublishedPort(address, host, guest, protocol), PublishedPort.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("1:2:3:4")]
    [InlineData("a:b")]
    [InlineData("8080:70000")]
    [InlineData("8080:80/sctp")]
    public void Bad_published_ports_are_usage_errors(string text) => Assert.Throws<ArgumentException>(() => PublishedPort.Parse(text));

    [Theory]
    [InlineData("../../etc")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("-rf")]
    public void Instance_names_cannot_escape_their_folder(string name) => Assert.Throws<ArgumentException>(() => InstanceNames.Validate(name));

    [Fact]
    public void Default_names_come_from_the_appliance_name() =>
        Assert.Equal("ovirt-wui-1.0", InstanceNames.FromAppliance("ovirt/wui:1.0"));

    [Fact]
    public void Metadata_round_trips_and_foreign_elements_are_ignored()
    {
        var metadata = new InstanceMetadata("app", "1.0", "2", "efi", InstancePhase.Install);
        Assert.Equal(metadata, InstanceMetadata.Parse(metadata.ToElement().ToString()));
        Assert.Equal(metadata, InstanceMetadata.Parse(metadata.ToMetadataXml()));
        Assert.DoesNotContain("xmlns", metadata.ToMetadataXml());
        Assert.Null(InstanceMetadata.Parse("<instance appliance='a' variant='v' phase='bogus'/>"));
        Assert.Null(InstanceMetadata.Parse("<other/>"));
        Assert.Null(InstanceMetadata.Parse("not xml"));
    }

    [Theory]
    [InlineData("vda", "virtio")]
    [InlineData("hdb", "ide")]
    [InlineData("sdc", "sata")]
    [InlineData("xvda", "xen")]
    public void Targets_name_their_bus(string target, string bus) => Assert.Equal(bus, DiskBuses.FromTarget(target));

    [Fact]
    public void Device_names_count_like_the_kernel()
    {
        Assert.Equal("vdz", DiskBuses.Name("vd", 25));
        Assert.Equal("vdaa", DiskBuses.Name("vd", 26));
        Assert.Equal(26, DiskBuses.IndexOf("hdaa"));
        Assert.Equal(1, DiskBuses.IndexOf("xvdb"));
        Assert.Throws<InvalidDataException>(() => DiskBuses.FromTarget("fd0"));
    }
}
