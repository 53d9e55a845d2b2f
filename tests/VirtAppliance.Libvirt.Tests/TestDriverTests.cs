using System.Xml.Linq;

namespace VirtAppliance.Libvirt.Tests;

/// <summary>The binding against libvirt's own in-process test driver (the real libvirt.so.0, no daemon).</summary>
[Trait("Category", "Vm")]
public sealed class TestDriverTests
{
    private const string MetadataNamespace = "urn:virt-appliance:test";

    private static string DomainXml(string name, string uuid, string onReboot = "restart") => $"""
        <domain type='test'>
          <name>{name}</name>
          <uuid>{uuid}</uuid>
          <memory unit='MiB'>64</memory>
          <os><type arch='i686'>hvm</type></os>
          <on_reboot>{onReboot}</on_reboot>
        </domain>
        """;

    [Fact]
    public void Opens_the_test_driver_and_reads_its_capabilities()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        Assert.Equal("test:///default", connection.Uri);
        Assert.True(connection.LibraryVersion >= 6_001_000);
        var capabilities = XDocument.Parse(connection.GetCapabilities());
        Assert.Contains(capabilities.Descendants("os_type"), e => e.Value == "xen");
        Assert.Contains(capabilities.Descendants("domain"), e => (string?)e.Attribute("type") == "test");
    }

    [Fact]
    public void Defines_starts_stops_and_undefines_a_domain()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        var uuid = Guid.NewGuid().ToString();
        using (var defined = connection.DefineDomain(DomainXml("define-me", uuid)))
        {
            Assert.True(defined.IsPersistent);
            Assert.False(defined.IsActive);
            Assert.Equal(DomainState.Shutoff, defined.GetState().State);
            defined.Start();
            Assert.Equal("running (booted)", defined.GetState().ToString());
        }

        using var found = connection.FindDomainByUuid(uuid);
        Assert.NotNull(found);
        Assert.Equal("define-me", found.Name);
        Assert.Equal(uuid, found.Uuid);
        Assert.Contains(connection.ListAllDomains(), d => d.Name == "define-me");
        Assert.Contains("<name>define-me</name>", found.GetXmlDescription(DomainXmlFlags.Inactive));
        found.Destroy();
        Assert.Equal("shut off (destroyed)", found.GetState().ToString());
        found.Undefine(UndefineFlags.ManagedSave | UndefineFlags.SnapshotsMetadata);
        Assert.Null(connection.FindDomainByName("define-me"));
    }

    [Fact]
    public void A_transient_domain_redefined_keeps_running_and_honours_its_reboot_action()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        var uuid = Guid.NewGuid().ToString();
        using var install = connection.CreateDomain(DomainXml("two-phase", uuid, onReboot: "destroy"));
        Assert.False(install.IsPersistent);
        using var final = connection.DefineDomain(DomainXml("two-phase", uuid));
        Assert.True(final.IsPersistent);
        Assert.True(final.IsActive);
        final.Reboot();
        Assert.Equal(DomainState.Shutoff, final.GetState().State);
        final.Start();
        Assert.True(final.IsActive);
        final.Destroy();
        final.Undefine(UndefineFlags.None);
    }

    [Fact]
    public void Metadata_round_trips_under_our_namespace_and_is_null_when_absent()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        using var domain = connection.DefineDomain(DomainXml("with-metadata", Guid.NewGuid().ToString()));
        Assert.Null(domain.GetMetadata(MetadataNamespace, ModificationImpact.Config));
        domain.SetMetadata(MetadataNamespace, "va", "<instance phase='install'/>", ModificationImpact.Config);
        var read = XElement.Parse(domain.GetMetadata(MetadataNamespace, ModificationImpact.Config)!);
        Assert.Equal("install", (string?)read.Attribute("phase"));
        domain.SetMetadata(MetadataNamespace, "va", null, ModificationImpact.Config);
        Assert.Null(domain.GetMetadata(MetadataNamespace, ModificationImpact.Config));
        domain.Undefine(UndefineFlags.None);
    }

    [Fact]
    public void Errors_carry_libvirts_code_domain_and_message()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        Assert.Null(connection.FindDomainByName("no-such-domain"));
        var invalid = Assert.Throws<LibvirtException>(() => connection.DefineDomain("<domain type='test'><name>x</name>"));
        Assert.NotEqual(0, invalid.Code);
        Assert.NotEqual(0, invalid.ErrorDomain);
        Assert.StartsWith("defining the domain: ", invalid.Message);
        using var domain = connection.DefineDomain(DomainXml("not-running", Guid.NewGuid().ToString()));
        var notRunning = Assert.Throws<LibvirtException>(domain.Destroy);
        Assert.Equal(LibvirtErrorCode.OperationInvalid, notRunning.Code);
        Assert.Contains("not running", notRunning.Message);
        domain.Undefine(UndefineFlags.None);
    }

    [Fact]
    public void A_connection_that_fails_names_the_uri()
    {
        var error = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open("bogus-driver:///nowhere"));
        Assert.Contains("bogus-driver:///nowhere", error.Message);
    }

    [Fact]
    public void Lifecycle_events_arrive_from_the_event_loop()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        var events = new System.Collections.Concurrent.BlockingCollection<DomainLifecycleEvent>();
        connection.DomainLifecycle += events.Add;
        connection.SubscribeLifecycleEvents();
        var uuid = Guid.NewGuid().ToString();
        using var domain = connection.CreateDomain(DomainXml("evented", uuid));
        domain.Destroy();
        var seen = new List<DomainLifecycleEvent>();
        while (events.TryTake(out var item, TimeSpan.FromSeconds(5)))
        {
            seen.Add(item);
            if (item.Event == DomainLifecycleEvent.Stopped)
            {
                break;
            }
        }

        Assert.Contains(seen, e => e.Event == DomainLifecycleEvent.Started && e.DomainUuid == uuid && e.DomainName == "evented");
        Assert.Contains(seen, e => e.Event == DomainLifecycleEvent.Stopped && e.DomainUuid == uuid);
    }
}
