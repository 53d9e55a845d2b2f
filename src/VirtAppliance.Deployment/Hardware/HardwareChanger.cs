using System.Globalization;
using System.Xml.Linq;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.DiskImages;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Hardware;

/// <summary>
/// Live and persistent hardware changes of an instance: vCPUs, memory (DIMMs up, balloon down), disks and NICs.
/// Each change goes to the running guest and to the domain's definition through libvirt, then to the instance plan,
/// so that reconcile, a restart and a migration keep it.
/// </summary>
public sealed class HardwareChanger
{
    /// <summary>Below this the balloon would starve any Linux guest.</summary>
    public const long MinimumMemoryMiB = 64;

    /// <summary>How long detach waits for the guest to release a device before saying it has not yet.</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(20);

    private readonly LibvirtConnection connection;
    private readonly InstanceManager manager;

    internal HardwareChanger(LibvirtConnection connection, InstanceManager manager)
    {
        this.connection = connection;
        this.manager = manager;
    }

    public HardwareReport Describe(InstancePlan plan)
    {
        using var domain = Require(plan);
        var live = domain.IsActive ? DomainHardware.Read(domain.GetXmlDescription()) : null;
        var persistent = DomainHardware.Read(domain.IsPersistent ? domain.GetXmlDescription(DomainXmlFlags.Inactive) : plan.FinalXml);
        return new HardwareReport(plan.Name, live is not null, live, persistent, HardwareHeadroom.Of(live ?? persistent));
    }

    public HardwareChange SetVcpus(InstancePlan plan, int count, ChangeScope scope)
    {
        using var domain = Require(plan);
        var impact = Resolve(plan, domain, scope);
        var current = Current(domain, impact);
        if (count < 1)
        {
            throw new ArgumentException($"--vcpus {count}: an instance needs at least one vCPU");
        }

        if (count > current.MaxVcpus && impact.HasFlag(ModificationImpact.Live))
        {
            throw new InstanceStateException(
                $"'{plan.Name}' can run at most {current.MaxVcpus} vCPU(s) without a restart (its maximum, planned at deploy); " +
                $"give --config to have {count} from its next start, or redeploy from a descriptor with <vcpu max=\"{count}\">");
        }

        if (count > current.MaxVcpus)
        {
            // Beyond the maximum: the definition's count (and maximum) change for the next start.
            domain.SetVcpus(count, ModificationImpact.Config | MaximumFlag);
        }

        Live(plan, "changing the vCPU count", () => domain.SetVcpus(count, impact), impact);
        var saved = impact.HasFlag(ModificationImpact.Config) ? Save(plan with { FinalXml = DefinitionEdits.SetVcpus(plan.FinalXml, count) }) : plan;
        return new HardwareChange($"{plan.Name}: {count} vCPU(s){Where(impact)}", saved);
    }

    public HardwareChange SetMemory(InstancePlan plan, long mib, ChangeScope scope)
    {
        using var domain = Require(plan);
        var impact = Resolve(plan, domain, scope);
        var current = Current(domain, impact);
        if (mib < MinimumMemoryMiB)
        {
            throw new ArgumentException($"--memory {mib}: give at least {MinimumMemoryMiB} MiB");
        }

        var kib = checked(mib * 1024);
        var updated = plan.FinalXml;
        if (kib > current.TotalMemoryKiB)
        {
            if (current.MaxMemoryKiB is null)
            {
                if (impact.HasFlag(ModificationImpact.Live))
                {
                    throw new InstanceStateException(
                        $"'{plan.Name}' has no memory slots, so its memory cannot grow while it runs ({current.TotalMemoryKiB / 1024} MiB now); " +
                        $"give --config to have {mib} MiB from its next start, or redeploy from a descriptor with <memory max=\"...\"> to add memory live");
                }

                domain.SetMemory(kib, ModificationImpact.Config | MaximumFlag);
                domain.SetMemory(kib, ModificationImpact.Config);
                updated = DefinitionEdits.SetMemory(updated, kib);
            }
            else
            {
                var dimm = kib - current.TotalMemoryKiB;
                CheckDimm(plan, current, dimm, mib);
                var device = HardwareDevices.Dimm(dimm);
                Live(plan, $"adding a {dimm / 1024} MiB memory DIMM", () => domain.AttachDevice(device.ToString(), impact), impact);
                updated = DefinitionEdits.AddDevice(updated, device);
                if (current.MemoryKiB < current.TotalMemoryKiB)
                {
                    // The balloon held some back: let the guest have all of it again.
                    domain.SetMemory(kib, impact);
                    updated = DefinitionEdits.SetCurrentMemory(updated, kib);
                }
            }
        }
        else
        {
            Live(plan, "setting the memory balloon", () => domain.SetMemory(kib, impact), impact);
            updated = DefinitionEdits.SetCurrentMemory(updated, kib);
        }

        var saved = impact.HasFlag(ModificationImpact.Config) ? Save(plan with { FinalXml = updated }) : plan;
        return new HardwareChange($"{plan.Name}: {mib} MiB of memory{Where(impact)}", saved);
    }

    /// <summary>Adds a new empty disk of <paramref name="sizeBytes"/>, or the user's existing <paramref name="file"/> as it is.</summary>
    public HardwareChange AttachDisk(InstancePlan plan, long? sizeBytes, string? file, string bus, DiskUse role, ChangeScope scope)
    {
        if (bus is not ("virtio" or "scsi"))
        {
            throw new ArgumentException($"--bus {bus}: disks are hot-plugged on virtio or scsi");
        }

        using var domain = Require(plan);
        var impact = Resolve(plan, domain, scope);
        var hardware = Current(domain, impact);
        var needsController = bus == "scsi" && !HasScsiController(domain, impact);
        if (impact.HasFlag(ModificationImpact.Live) && (bus == "virtio" || needsController) && hardware.FreeDeviceSlots == 0)
        {
            throw new InstanceStateException(NoSlotMessage(plan, hardware, "disk"));
        }

        var disk = NewDisk(plan, domain, sizeBytes, file, bus, role);
        var withDisk = Save(plan with { Disks = [.. plan.Disks, disk] });
        try
        {
            manager.StorageOf(withDisk).Ensure(withDisk, fresh: false, afterEachDisk: null, prepare: null);
            var updated = withDisk.FinalXml;
            if (needsController)
            {
                var controller = HardwareDevices.ScsiController();
                Live(plan, "adding a SCSI controller", () => domain.AttachDevice(controller.ToString(), impact), impact);
                updated = DefinitionEdits.AddDevice(updated, controller);
            }

            var device = HardwareDevices.Disk(disk);
            Live(plan, $"attaching disk {disk.Target}", () => domain.AttachDevice(device.ToString(), impact), impact);
            updated = DefinitionEdits.AddDevice(updated, device);
            var saved = impact.HasFlag(ModificationImpact.Config) ? Save(withDisk with { FinalXml = updated }) : withDisk;
            return new HardwareChange($"{plan.Name}: attached {disk.Target} ({bus}, {disk.Path}){Where(impact)}", saved);
        }
        catch
        {
            manager.StorageOf(withDisk).RemoveDisks(withDisk, [disk]);

            Save(plan);
            throw;
        }
    }

    public HardwareChange AttachNic(InstancePlan plan, string? model, IReadOnlyList<PublishedPort> publish, ChangeScope scope)
    {
        if (publish.Count > 0)
        {
            return AttachPublishedNic(plan, model, publish, scope);
        }

        using var domain = Require(plan);
        var impact = Resolve(plan, domain, scope);
        var hardware = Current(domain, impact);
        if (impact.HasFlag(ModificationImpact.Live) && hardware.FreeDeviceSlots == 0)
        {
            throw new InstanceStateException(NoSlotMessage(plan, hardware, "network card"));
        }

        var mac = Identities.NewMacAddress();
        var device = HardwareDevices.Interface(mac, model);
        Live(plan, "attaching a network card", () => domain.AttachDevice(device.ToString(), impact), impact);
        var saved = impact.HasFlag(ModificationImpact.Config)
            ? Save(plan with { FinalXml = DefinitionEdits.AddDevice(plan.FinalXml, device), MacAddresses = [.. plan.MacAddresses, mac] })
            : plan;
        return new HardwareChange($"{plan.Name}: attached a {model ?? "virtio"} network card, MAC {mac}{Where(impact)}", saved);
    }

    /// <summary>
    /// A virtio NIC on a user-mode network of its own whose host ports forward into the guest: on QEMU's command line
    /// in the definition, hot-plugged through QEMU's monitor (see <see cref="PublishedNic"/>).
    /// </summary>
    private HardwareChange AttachPublishedNic(InstancePlan plan, string? model, IReadOnlyList<PublishedPort> publish, ChangeScope scope)
    {
        if (model is not (null or "virtio"))
        {
            throw new ArgumentException($"--model {model}: a network card with published ports is virtio");
        }

        if (plan.DomainType is not ("qemu" or "kvm"))
        {
            throw new NotSupportedException($"'{plan.Name}' runs on {plan.DomainType}: ports are published through QEMU's user-mode network only");
        }

        using var domain = Require(plan);
        var impact = Resolve(plan, domain, scope);
        var live = domain.IsActive ? DomainHardware.Read(domain.GetXmlDescription()) : null;
        var defined = DomainHardware.Read(domain.GetXmlDescription(DomainXmlFlags.Inactive));
        var ports = publish.Select(p => PublishedPortCheck.Assign(p, plan.ConnectionUri)).ToList();
        foreach (var port in ports.Where(p => plan.Published.Any(taken => taken.HostPort == p.HostPort && taken.Protocol == p.Protocol && taken.Address == p.Address)))
        {
            throw new InstanceExistsException($"host port {port.Address}:{port.HostPort}/{port.Protocol} is published by '{plan.Name}' already");
        }

        PublishedPortCheck.Check(plan with { Published = ports }, manager.Store.List());

        // Its place must be free both now and in the definition: the card is the same in both.
        var place = (live ?? defined).FreePlaces.FirstOrDefault(p => defined.FreePlaces.Contains(p));
        if (place == default)
        {
            throw new InstanceStateException(NoSlotMessage(plan, live ?? defined, "network card"));
        }

        var taken = defined.PublishedNics.Concat(live?.PublishedNics ?? []).ToList();
        var number = Enumerable.Range(1, 1000).First(n => taken.All(t => t.Id != $"{PublishedNic.IdPrefix}{n}"));
        var nic = new PublishedNic(
            $"{PublishedNic.IdPrefix}{number}", Identities.NewMacAddress(), place.Bus, place.Slot,
            Enumerable.Range(PublishedNic.FirstSubnet, 250).First(n => taken.All(t => t.Subnet != n)), ports);
        if (impact.HasFlag(ModificationImpact.Live))
        {
            Live(plan, "adding the network card's user-mode network", () => domain.HumanMonitorCommand($"netdev_add {nic.NetdevArgument}"), impact);
            try
            {
                Live(plan, "attaching the network card", () => domain.HumanMonitorCommand($"device_add {nic.DeviceArgument}"), impact);
            }
            catch
            {
                domain.HumanMonitorCommand($"netdev_del {nic.Id}");
                throw;
            }
        }

        if (!impact.HasFlag(ModificationImpact.Config))
        {
            return new HardwareChange($"{plan.Name}: attached a network card, MAC {nic.MacAddress}, publishing {string.Join(", ", ports)}{Where(impact)}", plan);
        }

        connection.DefineDomain(DefinitionEdits.AddPublishedNic(domain.GetXmlDescription(DomainXmlFlags.Inactive), nic)).Dispose();
        var saved = Save(plan with
        {
            FinalXml = DefinitionEdits.AddPublishedNic(plan.FinalXml, nic),
            MacAddresses = [.. plan.MacAddresses, nic.MacAddress],
            Published = [.. plan.Published, .. ports],
        });
        return new HardwareChange($"{plan.Name}: attached a network card, MAC {nic.MacAddress}, publishing {string.Join(", ", ports)}{Where(impact)}", saved);
    }

    /// <summary>Unplugs a published NIC: the device, then its network, live; its arguments from the definition.</summary>
    private HardwareChange DetachPublishedNic(InstancePlan plan, LibvirtDomain domain, PublishedNic nic, ModificationImpact impact)
    {
        var released = true;
        if (impact.HasFlag(ModificationImpact.Live) && HasDevice(domain, nic.DeviceId))
        {
            Live(plan, $"detaching network card {nic.MacAddress}", () => domain.HumanMonitorCommand($"device_del {nic.DeviceId}"), impact);
            released = WaitForDeviceRemoval(domain, nic.DeviceId);
            if (released)
            {
                domain.HumanMonitorCommand($"netdev_del {nic.Id}");
            }
        }

        if (!impact.HasFlag(ModificationImpact.Config))
        {
            return new HardwareChange($"{plan.Name}: detached network card {nic.MacAddress} until its next start{Released(released)}", plan);
        }

        connection.DefineDomain(DefinitionEdits.RemovePublishedNic(domain.GetXmlDescription(DomainXmlFlags.Inactive), nic)).Dispose();
        var saved = Save(plan with
        {
            FinalXml = DefinitionEdits.RemovePublishedNic(plan.FinalXml, nic),
            MacAddresses = plan.MacAddresses.Where(m => !string.Equals(m, nic.MacAddress, StringComparison.OrdinalIgnoreCase)).ToList(),
            Published = plan.Published.Where(p => !nic.Ports.Contains(p)).ToList(),
        });
        return new HardwareChange($"{plan.Name}: detached network card {nic.MacAddress} and its published ports{Where(impact)}{Released(released)}", saved);
    }

    /// <summary>QEMU lists a device in 'info pci' until the guest has released it.</summary>
    private static bool HasDevice(LibvirtDomain domain, string deviceId) =>
        domain.HumanMonitorCommand("info pci").Contains($"id \"{deviceId}\"", StringComparison.Ordinal);

    private static bool WaitForDeviceRemoval(LibvirtDomain domain, string deviceId)
    {
        var deadline = DateTime.UtcNow + ReleaseWait;
        while (HasDevice(domain, deviceId))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(200);
        }

        return true;
    }

    /// <summary>Removes a disk (by target name or serial) or a network card (by MAC address).</summary>
    public HardwareChange Detach(InstancePlan plan, string device, ChangeScope scope, bool purge)
    {
        using var domain = Require(plan);
        var impact = Resolve(plan, domain, scope);
        var hardware = Current(domain, impact);
        var disk = hardware.Disks.FirstOrDefault(d => d.Target == device || (d.Serial is not null && d.Serial == device));
        var nic = hardware.Nics.FirstOrDefault(n => string.Equals(n.MacAddress, device, StringComparison.OrdinalIgnoreCase));
        // A published card is on QEMU's command line, which libvirt's live XML keeps as the guest started: the definition names it.
        var publishedNics = hardware.PublishedNics.Concat(DomainHardware.Read(domain.GetXmlDescription(DomainXmlFlags.Inactive)).PublishedNics);
        if (publishedNics.FirstOrDefault(n => string.Equals(n.MacAddress, device, StringComparison.OrdinalIgnoreCase)) is { } published)
        {
            return DetachPublishedNic(plan, domain, published, impact);
        }

        if (disk is null && nic is null)
        {
            var known = hardware.Disks.Select(d => d.Target).Concat(hardware.Nics.Select(n => n.MacAddress)).Concat(hardware.PublishedNics.Select(n => n.MacAddress));
            throw new ArgumentException($"'{plan.Name}' has no disk or network card '{device}' (it has {string.Join(", ", known)}; see 'virt-appliance hardware {plan.Name}')");
        }

        var xml = XElement.Parse(impact.HasFlag(ModificationImpact.Live) ? domain.GetXmlDescription() : domain.GetXmlDescription(DomainXmlFlags.Inactive));
        var planned = disk is null ? null : plan.Disks.FirstOrDefault(d => d.Target == disk.Target && !d.InstallOnly);
        if (planned?.Use == DiskUse.System)
        {
            throw new ArgumentException($"{disk!.Target} is the appliance's system disk '{planned.Id}' of '{plan.Name}': it cannot be detached");
        }

        var element = disk is not null
            ? xml.Element("devices")!.Elements("disk").First(d => d.Element("target")?.Attribute("dev")?.Value == disk.Target)
            : xml.Element("devices")!.Elements("interface").First(i => string.Equals(i.Element("mac")?.Attribute("address")?.Value, nic!.MacAddress, StringComparison.OrdinalIgnoreCase));
        var name = disk is not null ? disk.Target : $"network card {nic!.MacAddress}";
        Live(plan, $"detaching {name}", () => domain.DetachDevice(element.ToString(), impact), impact);
        var released = !impact.HasFlag(ModificationImpact.Live) || WaitForRelease(domain, disk?.Target, nic?.MacAddress);
        if (!impact.HasFlag(ModificationImpact.Config))
        {
            return new HardwareChange($"{plan.Name}: detached {name} until its next start{Released(released)}", plan);
        }

        var updated = disk is not null ? DefinitionEdits.RemoveDisk(plan.FinalXml, disk.Target) : DefinitionEdits.RemoveInterface(plan.FinalXml, nic!.MacAddress);
        var saved = Save(plan with
        {
            FinalXml = updated,
            Disks = planned is null ? plan.Disks : plan.Disks.Where(d => d != planned).ToList(),
            MacAddresses = nic is null ? plan.MacAddresses : plan.MacAddresses.Where(m => !string.Equals(m, nic.MacAddress, StringComparison.OrdinalIgnoreCase)).ToList(),
        });
        var fileNote = "";
        if (planned is { CreatedByDeploy: true })
        {
            if (purge || planned.Use == DiskUse.Scratch)
            {
                manager.StorageOf(plan).RemoveDisks(plan, [planned]);
                fileNote = $"; removed {planned.Path}";
            }
            else
            {
                fileNote = $"; its file {planned.Path} is kept (--purge removes it)";
            }
        }

        return new HardwareChange($"{plan.Name}: detached {name}{Where(impact)}{fileNote}{Released(released)}", saved);
    }

    private static string Released(bool released) =>
        released ? "" : $" (the guest has not released it within {ReleaseWait.TotalSeconds:0} s: it goes when the guest lets it, or at the next stop)";

    private static bool WaitForRelease(LibvirtDomain domain, string? target, string? mac)
    {
        var deadline = DateTime.UtcNow + ReleaseWait;
        while (true)
        {
            var live = DomainHardware.Read(domain.GetXmlDescription());
            var present = target is not null
                ? live.Disks.Any(d => d.Target == target)
                : live.Nics.Any(n => string.Equals(n.MacAddress, mac, StringComparison.OrdinalIgnoreCase));
            if (!present)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(200);
        }
    }

    private InstanceDisk NewDisk(InstancePlan plan, LibvirtDomain domain, long? sizeBytes, string? file, string bus, DiskUse role)
    {
        var prefix = DiskBuses.PrefixOf(bus);
        var taken = new HashSet<string>(plan.Disks.Select(d => d.Target), StringComparer.Ordinal);
        taken.UnionWith(DomainHardware.Read(domain.GetXmlDescription(DomainXmlFlags.Inactive)).Disks.Select(d => d.Target));
        if (domain.IsActive)
        {
            taken.UnionWith(DomainHardware.Read(domain.GetXmlDescription()).Disks.Select(d => d.Target));
        }

        var target = Enumerable.Range(0, 702).Select(n => DiskBuses.Name(prefix, n)).First(n => !taken.Contains(n));
        var serial = Identities.NewDiskSerial();

        // The serial makes the file name unique: a user disk detached earlier may have kept the file of this target.
        var id = $"attached-{target}-{serial}";
        if (file is not null)
        {
            if (plan.Pool is not null)
            {
                throw new NotSupportedException($"'{plan.Name}' runs on {plan.ConnectionUri}, where a file of this machine is out of reach: attach --disk SIZE makes a new volume in its pool");
            }

            var path = Path.GetFullPath(file);
            using var image = DiskImageOpener.Open(path, writable: false);
            return new InstanceDisk
            {
                Id = id, Use = role, Path = path, Format = image.Format.Name, Target = target, Bus = bus, Serial = serial, External = true,
            };
        }

        var volume = plan.Pool is null ? null : RemotePool.InstanceVolume(plan.Name, id);
        return new InstanceDisk
        {
            Id = id,
            Use = role,
            Path = volume is null ? Path.Combine(manager.Store.FolderOf(plan.Name), id + ".qcow2") : plan.Pool!.HostPath(volume),
            Volume = volume,
            Format = "qcow2",
            Target = target,
            Bus = bus,
            Serial = serial,
            SizeBytes = sizeBytes ?? throw new ArgumentException("attach --disk takes a size (10G) or an existing image file"),
        };
    }

    private static void CheckDimm(InstancePlan plan, DomainHardware current, long dimmKiB, long mib)
    {
        var block = HotplugHeadroom.MemoryBlockKiB;
        var totalMiB = current.TotalMemoryKiB / 1024;
        if (dimmKiB % block != 0)
        {
            var below = (current.TotalMemoryKiB + (dimmKiB / block * block)) / 1024;
            var above = below + (block / 1024);
            throw new ArgumentException(
                $"--memory {mib}: memory is added in steps of {block / 1024} MiB (the block the guest brings online) above the {totalMiB} MiB '{plan.Name}' has; give {(below > totalMiB ? $"{below} or " : "")}{above}");
        }

        if (current.TotalMemoryKiB + dimmKiB > current.MaxMemoryKiB)
        {
            throw new InstanceStateException(
                $"--memory {mib}: '{plan.Name}' can have at most {current.MaxMemoryKiB / 1024} MiB (its memory maximum, planned at deploy from the descriptor's <memory max>); redeploy from a descriptor with a higher maximum for more");
        }

        if (current.FreeMemorySlots == 0)
        {
            throw new InstanceStateException(
                $"--memory {mib}: all {current.MemorySlots} memory slots of '{plan.Name}' hold a DIMM already; memory can still be set within {totalMiB} MiB, or stop and redeploy with a higher maximum");
        }
    }

    private static string NoSlotMessage(InstancePlan plan, DomainHardware hardware, string what) =>
        hardware.IsQ35
            ? $"'{plan.Name}' has no free PCIe root port for another {what} while it runs (q35 cannot add ports live; " +
              "<hotplug disks=\"N\" interfaces=\"N\"/> in the descriptor plans them at deploy); give --config to add it at the next start"
            : $"'{plan.Name}' has no free PCI slot for another {what}; give --config to add it at the next start";

    private static bool HasScsiController(LibvirtDomain domain, ModificationImpact impact)
    {
        var xml = impact.HasFlag(ModificationImpact.Live) ? domain.GetXmlDescription() : domain.GetXmlDescription(DomainXmlFlags.Inactive);
        return XElement.Parse(xml).Element("devices")?.Elements("controller").Any(c => c.Attribute("type")?.Value == "scsi") == true;
    }

    /// <summary>VIR_DOMAIN_VCPU_MAXIMUM and VIR_DOMAIN_MEM_MAXIMUM share the value 4.</summary>
    private const ModificationImpact MaximumFlag = (ModificationImpact)4;

    /// <summary>The hardware the change starts from: the running guest's when it goes live, else the definition's.</summary>
    private static DomainHardware Current(LibvirtDomain domain, ModificationImpact impact) =>
        DomainHardware.Read(impact.HasFlag(ModificationImpact.Live) ? domain.GetXmlDescription() : domain.GetXmlDescription(DomainXmlFlags.Inactive));

    private static ModificationImpact Resolve(InstancePlan plan, LibvirtDomain domain, ChangeScope scope)
    {
        var running = domain.IsActive;
        if (scope == ChangeScope.Live && !running)
        {
            throw new InstanceStateException($"'{plan.Name}' is not running, so there is nothing to change live; drop --live to change its definition for the next start");
        }

        if (!domain.IsPersistent)
        {
            throw new InstanceStateException($"'{plan.Name}' is still in its install phase; change its hardware once it runs (see 'virt-appliance status {plan.Name}')");
        }

        return scope switch
        {
            ChangeScope.Live => ModificationImpact.Live,
            ChangeScope.Config => ModificationImpact.Config,
            _ => running ? ModificationImpact.Live | ModificationImpact.Config : ModificationImpact.Config,
        };
    }

    /// <summary>Runs a libvirt change; a refusal of a live change says so and offers --config.</summary>
    private static void Live(InstancePlan plan, string what, Action change, ModificationImpact impact)
    {
        try
        {
            change();
        }
        catch (LibvirtException error) when (impact.HasFlag(ModificationImpact.Live))
        {
            throw new InstanceStateException($"{what} could not be done while '{plan.Name}' runs: {error.Message}; give --config to make the change at its next start");
        }
    }

    private static string Where(ModificationImpact impact) => impact switch
    {
        ModificationImpact.Live => " (live only: gone at the next stop)",
        ModificationImpact.Config => " (from the next start)",
        _ => " (live, and kept)",
    };

    private InstancePlan Save(InstancePlan plan)
    {
        manager.Store.Save(plan);
        return plan;
    }

    private LibvirtDomain Require(InstancePlan plan) =>
        connection.FindDomainByUuid(plan.Uuid)
        ?? throw new InstanceStateException($"instance '{plan.Name}' has no domain on {plan.ConnectionUri} (run 'virt-appliance reconcile {plan.Name}')");
}
