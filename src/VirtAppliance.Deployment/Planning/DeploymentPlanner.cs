using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;

namespace VirtAppliance.Deployment.Planning;

/// <summary>Turns a descriptor, the chosen variant and the user's options into an instance plan: identities, files, XML.</summary>
public static class DeploymentPlanner
{
    public static InstancePlan Plan(
        ApplianceDescriptor descriptor,
        string descriptorPath,
        BootVariant variant,
        string domainType,
        DeployOptions options,
        string connectionUri,
        string instanceFolder,
        RemoteTarget? remoteTarget = null)
    {
        var remote = remoteTarget is null ? null : new RemoteFiles(remoteTarget);
        var name = InstanceNames.Validate(options.Name ?? InstanceNames.FromAppliance(descriptor.Name));
        var baseDirectory = descriptor.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(descriptorPath))!;
        var storage = Path.GetFullPath(options.StorageDirectory ?? instanceFolder);
        var minimumMemoryMiB = variant.Requirements.MinMemoryMiB ?? descriptor.Devices.MemoryKiB / 1024;
        if (options.MemoryMiB is { } memoryMiB && memoryMiB < minimumMemoryMiB)
        {
            throw new ArgumentException(
                $"--memory {memoryMiB}: variant '{variant.Id}' of '{descriptor.Name}' needs at least {minimumMemoryMiB} MiB (the guest would not boot with less); give --memory {minimumMemoryMiB} or more");
        }

        if (options.Vcpus is { } vcpus && variant.Requirements.MinVcpus is { } minimumVcpus && vcpus < minimumVcpus)
        {
            throw new ArgumentException($"--vcpus {vcpus}: variant '{variant.Id}' of '{descriptor.Name}' needs at least {minimumVcpus} vCPUs; give --vcpus {minimumVcpus} or more");
        }

        if (variant.Install is not null && !options.Start)
        {
            throw new ArgumentException($"variant '{variant.Id}' has an install phase, which must run once before the appliance can be used; deploy it without --no-start");
        }

        var metadata = new InstanceMetadata(descriptor.Name, descriptor.Version, descriptor.Release, variant.Id, InitialPhase(variant, options));
        var publish = options.Publish
            .Concat(descriptor.Devices.Interfaces.SelectMany(i => i.Forwards)
                .Where(f => f.HostPort is not null)
                .Select(f => new PublishedPort("127.0.0.1", f.HostPort!.Value, f.GuestPort, f.Protocol)))
            .Select(port => PublishedPortCheck.Assign(port, connectionUri))
            .ToList();
        var normalized = options.Normalized;
        var nics = descriptor.Devices.Interfaces.Select(i => new GuestNic(Identities.NewMacAddress(), normalized is null ? i.Model : null)).ToList();
        if (nics.Count == 0 && publish.Count > 0)
        {
            nics.Add(new GuestNic(Identities.NewMacAddress(), null));
        }

        var spec = new DomainSpec
        {
            Name = name,
            Uuid = Identities.NewUuid(),
            DomainType = domainType,
            Variant = variant,
            BaseDirectory = baseDirectory,
            MemoryKiB = options.MemoryMiB is { } memory ? checked(memory * 1024) : descriptor.Devices.MemoryKiB,
            Vcpus = options.Vcpus ?? descriptor.Devices.Vcpus,
            Headroom = HotplugHeadroom.From(
                descriptor.Devices,
                options.Vcpus ?? descriptor.Devices.Vcpus,
                options.MemoryMiB is { } asked ? checked(asked * 1024) : descriptor.Devices.MemoryKiB),
            Disks = Disks(descriptor, variant, baseDirectory, storage, options.Recipe?.AsSeed == true, name, remote, normalized is not null),
            Normalized = normalized,
            Nics = nics,
            Publish = publish,
            Graphics = descriptor.Devices.Graphics,
            ConsoleLog = remote is null ? Path.Combine(storage, "console.log") : remote.Pool.HostPath(Storage.RemotePool.ConsoleLogVolume(name, install: false)),
            Metadata = metadata,
            HostPathOf = remote is null ? null : path => remote.HostPathOf(path, "raw"),
        };
        var installLog = variant.Install is null ? null
            : remote is null ? Path.Combine(storage, "install.log") : remote.Pool.HostPath(Storage.RemotePool.ConsoleLogVolume(name, install: true));
        return new InstancePlan
        {
            Name = name,
            ConnectionUri = connectionUri,
            DescriptorPath = Path.GetFullPath(descriptorPath),
            Metadata = metadata,
            DomainType = domainType,
            Uuid = spec.Uuid,
            MacAddresses = nics.Select(n => n.MacAddress).ToList(),
            Disks = spec.Disks,
            FinalXml = DomainXmlBuilder.BuildFinal(spec),
            InstallXml = installLog is null ? null : DomainXmlBuilder.BuildInstall(spec, installLog),
            ConsoleLog = spec.ConsoleLog,
            InstallLog = installLog,
            Start = options.Start,
            Recipe = options.Recipe,
            Published = publish,
            CreatedAt = DateTimeOffset.UtcNow,
            Pool = remote?.Pool,
            SharedFiles = remote?.All ?? [],
        };
    }

    /// <summary>The phase the persistent definition starts in: install when there is one, else starting (or run for --no-start).</summary>
    private static InstancePhase InitialPhase(BootVariant variant, DeployOptions options) =>
        variant.Install is not null ? InstancePhase.Install : options.Start ? InstancePhase.Starting : InstancePhase.Run;

    private static List<InstanceDisk> Disks(ApplianceDescriptor descriptor, BootVariant variant, string baseDirectory, string storage, bool seed, string name, RemoteFiles? remote, bool normalized)
    {
        if (seed && remote is not null)
        {
            throw new NotSupportedException("--recipe-mode seed is for this machine's connections; on a remote host the recipe is applied offline (--recipe-mode offline, the default)");
        }

        var disks = new List<InstanceDisk>();
        // Normalized instances have virtio disks unless the variant needs another bus.
        var forcedBus = variant.Requirements.DiskBus ?? (normalized ? "virtio" : null);
        for (var i = 0; i < variant.Drives.Count; i++)
        {
            var drive = variant.Drives[i];
            var definition = descriptor.FindDisk(drive.Disk)
                ?? throw new InvalidDataException($"variant '{variant.Id}' maps disk '{drive.Disk}', which is not in <storage>");
            var defaultPrefix = variant.IsParavirtual ? "xvd" : "vd";
            var target = drive.Target ?? DiskBuses.Name(forcedBus is null ? defaultPrefix : DiskBuses.PrefixOf(forcedBus), i);
            var bus = forcedBus ?? DiskBuses.FromTarget(target);
            if (!target.StartsWith(DiskBuses.PrefixOf(bus), StringComparison.Ordinal))
            {
                target = DiskBuses.Name(DiskBuses.PrefixOf(bus), DiskBuses.IndexOf(target) ?? i);
            }

            disks.Add(Disk(definition, target, bus, baseDirectory, storage, installOnly: false, name, remote));
        }

        if (variant.Install?.Iso is { } isoId && disks.All(d => d.Id != isoId))
        {
            var (bus, target) = NextCdrom(disks, variant);
            disks.Add(Disk(descriptor.FindDisk(isoId)!, target, bus, baseDirectory, storage, installOnly: true, name, remote));
        }

        if (seed)
        {
            var (bus, target) = NextCdrom(disks, variant);
            disks.Add(new InstanceDisk
            {
                Id = SeedDiskId, Use = DiskUse.Scratch, Path = Path.Combine(storage, SeedFile), Format = "raw", Target = target, Bus = bus,
                Serial = Identities.NewDiskSerial(), Cdrom = true,
            });
        }

        return disks;
    }

    /// <summary>
    /// A CD-ROM's bus and its first free target name: the first disk's bus when IDE or SCSI; else SATA on q35 (which has
    /// no IDE) and IDE elsewhere — kernels built for clouds (Debian's cloud kernel) have no AHCI driver, but all have PIIX IDE.
    /// </summary>
    private static (string Bus, string Target) NextCdrom(List<InstanceDisk> disks, BootVariant variant)
    {
        var bus = disks.FirstOrDefault()?.Bus is "ide" or "scsi" ? disks[0].Bus
            : variant.Requirements.Machine?.Contains("q35", StringComparison.OrdinalIgnoreCase) == true ? "sata" : "ide";
        var prefix = DiskBuses.PrefixOf(bus);
        var used = disks.Where(d => d.Target.StartsWith(prefix, StringComparison.Ordinal)).Select(d => d.Target).ToHashSet();
        return (bus, Enumerable.Range(0, 702).Select(n => DiskBuses.Name(prefix, n)).First(n => !used.Contains(n)));
    }

    /// <summary>The id and file name of the cloud-init seed CD-ROM of deploy --recipe-mode seed.</summary>
    public const string SeedDiskId = "cloud-init-seed";

    public const string SeedFile = "cloud-init-seed.iso";

    private static InstanceDisk Disk(DiskDefinition definition, string target, string bus, string baseDirectory, string storage, bool installOnly, string name, RemoteFiles? remote)
    {
        var basePath = DescriptorPaths.Resolve(baseDirectory, definition.File);
        if (definition.IsCdrom)
        {
            return new InstanceDisk
            {
                Id = definition.Id, Use = definition.Use, Path = remote?.HostPathOf(basePath, "raw") ?? basePath, Format = "raw", Target = target,
                Bus = bus == "virtio" ? "sata" : bus, Serial = Identities.NewDiskSerial(), BasePath = basePath, Cdrom = true, InstallOnly = installOnly,
            };
        }

        var shipped = definition.Use == DiskUse.System || File.Exists(basePath);
        if (!shipped && definition.SizeBytes is null)
        {
            throw new InvalidDataException($"disk '{definition.Id}' ({definition.File}) does not exist and has no size to create it with");
        }

        var volume = remote is null ? null : Storage.RemotePool.InstanceVolume(name, FileNameFor(definition.Id));
        return new InstanceDisk
        {
            Id = definition.Id,
            Use = definition.Use,
            Path = volume is null ? Path.Combine(storage, FileNameFor(definition.Id) + ".qcow2") : remote!.Pool.HostPath(volume),
            Volume = volume,
            BaseHostPath = shipped && remote is not null ? remote.HostPathOf(basePath, FormatName(definition.Format)) : null,
            Format = "qcow2",
            Target = target,
            Bus = bus,
            Serial = Identities.NewDiskSerial(),
            BasePath = shipped ? basePath : null,
            BaseFormat = shipped ? FormatName(definition.Format) : null,
            SizeBytes = definition.SizeBytes,
            InstallOnly = installOnly,
        };
    }

    /// <summary>virt-image's "qcow" means qcow2 in practice; formats this tool reads keep their names.</summary>
    private static string? FormatName(string format) => format switch
    {
        "qcow" => null,
        _ => format,
    };

    private static string FileNameFor(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-'));
}
