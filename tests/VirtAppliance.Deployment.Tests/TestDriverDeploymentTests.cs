using System.Xml.Linq;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Libvirt;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

/// <summary>The install → run flow on libvirt's test driver (in-process; it applies on_reboot when a guest reboots).</summary>
[Trait("Category", "Vm")]
public sealed class TestDriverDeploymentTests
{
    private const string Uri = "test:///default";

    private static (InstancePlan Plan, InstanceManager Manager, HypervisorSession Session) Deploy(TempDirectory folder, string name, bool installPhase = true)
    {
        var path = TestAppliance.Write(folder, installPhase);
        var descriptor = DescriptorReader.Load(path);
        var session = HypervisorSession.Open(Uri);
        var store = new InstanceStore(new StateDirectory(folder.File("state")));
        var plan = DeploymentPlanner.Plan(descriptor, path, descriptor.Boots[0], "test", new DeployOptions { Name = name }, Uri, store.FolderOf(name));
        var manager = new InstanceManager(session, store);
        manager.Deploy(plan);
        return (plan, manager, session);
    }

    [Fact]
    public async Task The_install_phase_runs_first_then_reconcile_starts_the_final_configuration()
    {
        using var folder = new TempDirectory();
        var (plan, manager, session) = Deploy(folder, "two-phase-test");
        using (session)
        {
            var status = manager.Status(plan);
            Assert.Equal("install", status.Phase);
            Assert.Equal("running (booted)", status.State);
            Assert.All(plan.Disks.Where(d => d.CreatedByDeploy), d => Assert.True(File.Exists(d.Path), d.Path));
            Assert.False(File.Exists(folder.File("data.img")));

            using (var domain = session.Connection.FindDomainByUuid(plan.Uuid)!)
            {
                Assert.True(domain.IsPersistent);
                var live = XElement.Parse(domain.GetXmlDescription());
                Assert.Equal("destroy", live.Element("on_reboot")!.Value);
                var persistent = XElement.Parse(domain.GetXmlDescription(DomainXmlFlags.Inactive));
                Assert.Equal("restart", persistent.Element("on_reboot")!.Value);
                Assert.Equal(plan.MacAddresses, persistent.Descendants("mac").Select(m => (string)m.Attribute("address")!));
                Assert.Equal(plan.MacAddresses, live.Descendants("mac").Select(m => (string)m.Attribute("address")!));

                // The installer reboots at its end: on_reboot=destroy ends the install phase.
                domain.Reboot();
                Assert.Equal(DomainState.Shutoff, domain.GetState().State);
            }

            Assert.Equal("install", manager.Status(plan).Phase);
            var reconciled = manager.Reconcile(plan);
            Assert.Equal("run", reconciled.Phase);
            Assert.Equal("running (booted)", reconciled.State);
            using (var domain = session.Connection.FindDomainByUuid(plan.Uuid)!)
            {
                Assert.Equal("restart", XElement.Parse(domain.GetXmlDescription()).Element("on_reboot")!.Value);
            }

            // Reconciling again changes nothing; a guest that powers itself off in the run phase stays off.
            Assert.Equal(reconciled, manager.Reconcile(plan));
            await manager.StopAsync(plan, force: true, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.StartsWith("shut off", manager.Reconcile(plan).State);

            manager.Undeploy(plan, purge: false, force: true);
            Assert.Null(session.Connection.FindDomainByUuid(plan.Uuid));
            Assert.False(File.Exists(plan.Disks.Single(d => d.Id == "system").Path));
            Assert.False(File.Exists(plan.Disks.Single(d => d.Id == "scratch").Path));
            Assert.True(File.Exists(plan.Disks.Single(d => d.Id == "data").Path), "user disks survive undeploy without --purge");
            Assert.Null(manager.Store.TryLoad(plan.Name));
        }
    }

    [Fact]
    public void A_variant_without_install_phase_is_defined_and_started_at_once()
    {
        using var folder = new TempDirectory();
        var (plan, manager, session) = Deploy(folder, "one-phase-test", installPhase: false);
        using (session)
        {
            var status = manager.Status(plan);
            Assert.Equal(("run", "running (booted)"), (status.Phase, status.State));
            manager.Undeploy(plan, purge: true, force: true);
            Assert.All(plan.Disks.Where(d => d.CreatedByDeploy), d => Assert.False(File.Exists(d.Path), d.Path));
            Assert.False(Directory.Exists(manager.Store.FolderOf(plan.Name)));
        }
    }

    [Fact]
    public void A_name_already_taken_is_refused_and_nothing_is_created_for_it()
    {
        using var folder = new TempDirectory();
        var (plan, manager, session) = Deploy(folder, "taken-test", installPhase: false);
        using (session)
        {
            var descriptor = DescriptorReader.Load(plan.DescriptorPath);
            var again = DeploymentPlanner.Plan(descriptor, plan.DescriptorPath, descriptor.Boots[0], "test", new DeployOptions { Name = "taken-test", StorageDirectory = folder.File("other") }, Uri, folder.File("other"));
            Assert.Throws<InstanceExistsException>(() => manager.Deploy(again));
            Assert.False(Directory.Exists(folder.File("other")));
            Assert.Equal(plan.Uuid, manager.Store.Load("taken-test").Uuid);
            manager.Undeploy(plan, purge: true, force: true);
        }
    }

    [Fact]
    public void A_domain_of_the_same_name_that_is_not_ours_is_refused()
    {
        using var folder = new TempDirectory();
        var path = TestAppliance.Write(folder, installPhase: false);
        var descriptor = DescriptorReader.Load(path);
        using var session = HypervisorSession.Open(Uri);
        var store = new InstanceStore(new StateDirectory(folder.File("state")));
        var plan = DeploymentPlanner.Plan(descriptor, path, descriptor.Boots[0], "test", new DeployOptions { Name = "test" }, Uri, store.FolderOf("test"));
        var error = Assert.Throws<InstanceExistsException>(() => new InstanceManager(session, store).Deploy(plan));
        Assert.Contains("did not deploy", error.Message);
        Assert.Null(store.TryLoad("test"));
    }
}
