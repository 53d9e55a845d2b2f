using System.Diagnostics;
using System.Security.Cryptography;
using VirtAppliance.Building.Boot;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;
using VirtAppliance.Building.RootFilesystem;
using VirtAppliance.Descriptors.Writing;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Filesystems.Fat;

namespace VirtAppliance.Building.Pipeline;

/// <summary>
/// Builds an appliance from a spec, without root and without mounting: stage the root filesystem, configure it, run
/// %post, lay out and fill the disks, install the boot loaders, convert, checksum, describe. Everything happens in a
/// hidden work folder beside the outputs; outputs appear under their final names only when every step succeeded.
/// </summary>
internal static class ApplianceBuilder
{
    public static IReadOnlyList<string> PlannedOutputs(BuildSpec spec, BuildOptions options)
    {
        var format = Format(spec, options);
        var name = spec.Appliance.Name!;
        var disks = spec.Partitions.Select(p => p.Disk).Distinct().ToList();
        var separate = spec.Appliance.Firmware.Count > 1 || !HasInDiskBoot(spec);
        if (separate)
        {
            disks.AddRange(spec.Appliance.Firmware.Select(f => f == Firmware.Efi ? DiskPlanner.EfiBootDisk : DiskPlanner.BiosBootDisk));
        }

        return disks.Select(d => Path.Combine(options.OutputFolder, OutputNames.Disk(name, d, format)))
            .Append(Path.Combine(options.OutputFolder, OutputNames.Descriptor(name))).ToList();
    }

    public static BuildResult Build(BuildSpec spec, BuildOptions options, IBuildReporter reporter, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var epoch = options.Epoch ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var ids = options.Seed is null ? DeterministicIds.Random() : new DeterministicIds(options.Seed);
        var format = Format(spec, options);
        var compress = options.Compress ?? spec.Appliance.Compression is "zlib" or "zstd";
        if (compress && format is not DiskImages.Qcow2.Qcow2Format)
        {
            throw new ArgumentException($"compression (-c) is for qcow2 output, not {format.Name}");
        }

        foreach (var ignored in spec.Ignored)
        {
            reporter.Warning($"{Path.GetFileName(spec.File)} {ignored}: ignored (means nothing for a prebuilt appliance)");
        }

        Directory.CreateDirectory(options.OutputFolder);
        var work = TemporaryFile.Folder(options.OutputFolder, $"build-{spec.Appliance.Name}");
        Directory.CreateDirectory(work);
        try
        {
            var root = Path.Combine(work, "root");
            Directory.CreateDirectory(root);
            var ledger = new OwnershipLedger();
            var stages = new StageRunner(reporter, options.OutputFolder);
            stages.Run("root filesystem", () => RootStager.Stage(spec, root, ledger, work, epoch, cancellationToken));

            var plan = DiskPlanner.LayOut(spec, ids);
            var partitions = plan.SystemDisks.SelectMany(d => d.Partitions).ToList();
            stages.Run("system configuration", () => SystemConfiguration.Apply(spec, root, ledger, partitions, ids, epoch));
            foreach (var script in spec.PostScripts)
            {
                stages.Run($"%post (line {script.Line})", () => PostScriptRunner.Run(spec, script, root, epoch, cancellationToken));
            }

            var kernel = stages.Run("kernel and initrd", () => KeepKernel(KernelLocator.Locate(root, spec.Appliance.KernelPackage, work, options.CacheFolder, epoch, cancellationToken), work));
            var contents = PartitionContents.Split(root, partitions, ledger, work);
            var commandLine = $"root={plan.Root.FstabSource} ro {KernelArguments.Common(spec)}";
            var title = $"{spec.Appliance.Name} {spec.Appliance.Version}";

            var raw = new Dictionary<string, (DiskLayout Layout, string Path)>();
            stages.Run("disks", () =>
            {
                foreach (var layout in plan.SystemDisks)
                {
                    var path = Path.Combine(work, layout.Name + ".raw");
                    DiskAssembler.Create(path, layout, contents, spec.File, epoch, work, cancellationToken);
                    raw[layout.Name] = (layout, path);
                }
            });

            var driveOrder = new Dictionary<Firmware, IReadOnlyList<string>>();
            stages.Run("boot loaders", () =>
            {
                var systemDisks = plan.SystemDisks.Select(d => d.Name).ToList();
                if (plan.InDiskFirmware is { } inDisk)
                {
                    var layout = plan.SystemDisks[0];
                    var partition = layout.Partitions.Single(p => ReferenceEquals(p.Spec, plan.InDiskBootPartition));
                    var entry = PlaceKernel(raw[layout.Name].Path, partition, contents, kernel, title, commandLine, spec, epoch, cancellationToken);
                    InstallLoader(inDisk, spec, raw[layout.Name].Path, layout, partition, entry, root, work, epoch, cancellationToken);
                    driveOrder[inDisk] = systemDisks;
                    return;
                }

                foreach (var firmware in spec.Appliance.Firmware)
                {
                    var layout = DiskPlanner.BootDisk(spec, firmware, new FileInfo(kernel.Kernel).Length + new FileInfo(kernel.Initrd).Length, ids);
                    var path = Path.Combine(work, layout.Name + ".raw");
                    DiskAssembler.Create(path, layout, new Dictionary<PlacedPartition, PartitionContents.Content>(), spec.File, epoch, work, cancellationToken);
                    var partition = layout.Partitions[0];
                    var entry = PlaceKernel(path, partition, contents, kernel, title, commandLine, spec, epoch, cancellationToken);
                    InstallLoader(firmware, spec, path, layout, partition, entry, root, work, epoch, cancellationToken);
                    raw[layout.Name] = (layout, path);
                    driveOrder[firmware] = [layout.Name, .. systemDisks];
                }
            });

            var built = new List<BuiltDisk>();
            stages.Run($"conversion to {format.Name}", () =>
            {
                foreach (var (name, (layout, path)) in raw)
                {
                    var file = OutputNames.Disk(spec.Appliance.Name!, name, format);
                    var output = Path.Combine(work, file);
                    if (format is DiskImages.Raw.RawFormat)
                    {
                        File.Move(path, output);
                    }
                    else
                    {
                        var convert = new ConvertOptions
                        {
                            OutputFormat = format,
                            SourceFormat = "raw",
                            Compress = compress,
                            Compression = options.Compression ?? (spec.Appliance.Compression == "zlib" ? CompressionType.Zlib : CompressionType.Zstd),
                            Identity = options.Seed is { } seed ? ImageIdentity.Seeded($"{seed}/{file}", epoch) : ImageIdentity.Random,
                        };
                        reporter.WithProgress($"convert → {file}", progress => ImageConverter.Convert(path, output, convert, progress, cancellationToken));
                        File.Delete(path);
                    }

                    built.Add(new BuiltDisk(name, file, format.Name, layout.Size, new FileInfo(output).Length, Sha256(output)));
                }
            });

            var descriptor = DescriptorComposer.Compose(spec, built, driveOrder);
            var descriptorFile = OutputNames.Descriptor(spec.Appliance.Name!);
            File.WriteAllText(Path.Combine(work, descriptorFile), DescriptorWriter.ToXml(descriptor));

            var finalFolder = Path.GetFullPath(options.OutputFolder);
            foreach (var disk in built)
            {
                File.Move(Path.Combine(work, disk.File), Path.Combine(finalFolder, disk.File), overwrite: options.Force);
            }

            File.Move(Path.Combine(work, descriptorFile), Path.Combine(finalFolder, descriptorFile), overwrite: options.Force);
            return new BuildResult(Path.Combine(finalFolder, descriptorFile), built, descriptor.Boots.Select(b => b.Id).ToList(), total.Elapsed);
        }
        finally
        {
            DeleteWorkFolder(work);
        }
    }

    private static bool HasInDiskBoot(BuildSpec spec) =>
        DiskPlanner.LayOut(spec, new DeterministicIds("plan")).InDiskFirmware is not null;

    private static DiskFormat Format(BuildSpec spec, BuildOptions options)
    {
        return FormatDetector.FromName(options.Format ?? spec.Appliance.Format ?? "qcow2");
    }

    /// <summary>Copies kernel and initrd out of the staged root, which is about to be split into partitions.</summary>
    private static KernelImage KeepKernel(KernelImage kernel, string work)
    {
        var folder = Path.Combine(work, "kernel");
        Directory.CreateDirectory(folder);
        var kept = Path.Combine(folder, "vmlinuz");
        var keptInitrd = Path.Combine(folder, "initrd.img");
        File.Copy(kernel.Kernel, kept);
        File.Copy(kernel.Initrd, keptInitrd);
        return kernel with { Kernel = kept, Initrd = keptInitrd };
    }

    /// <summary>Puts kernel and initrd into the boot FAT partition unless the root's /boot already lives there.</summary>
    private static BootEntry PlaceKernel(string disk, PlacedPartition partition, IReadOnlyDictionary<PlacedPartition, PartitionContents.Content> contents,
        KernelImage kernel, string title, string commandLine, BuildSpec spec, long epoch, CancellationToken cancellationToken)
    {
        var kernelName = "/vmlinuz";
        var initrdName = "/initrd.img";
        var bootIsThisPartition = partition.Spec.MountPoint == "/boot" && contents.ContainsKey(partition) && kernel.FromRootFilesystem;
        if (bootIsThisPartition)
        {
            kernelName = "/vmlinuz-" + kernel.Version;
        }
        else
        {
            FatFilesystem.CopyFile(disk, partition.Offset, kernel.Kernel, kernelName, epoch, cancellationToken);
        }

        if (bootIsThisPartition && !kernel.InitrdGenerated)
        {
            initrdName = "/initrd.img-" + kernel.Version;
        }
        else
        {
            FatFilesystem.CopyFile(disk, partition.Offset, kernel.Initrd, initrdName, epoch, cancellationToken);
        }

        return new BootEntry(title, kernelName, initrdName, commandLine, spec.BootloaderTimeoutSeconds);
    }

    private static void InstallLoader(Firmware firmware, BuildSpec spec, string disk, DiskLayout layout, PlacedPartition partition, BootEntry entry, string root,
        string work, long epoch, CancellationToken cancellationToken)
    {
        if (firmware == Firmware.Efi)
        {
            SystemdBootLoader.Install(disk, partition, entry, work, epoch, cancellationToken);
            PartitionTableWriter.Write(disk, layout, []);
        }
        else if (spec.BiosLoader == BiosLoader.Grub)
        {
            PartitionTableWriter.Write(disk, layout, GrubLoader.Install(disk, partition, entry, root, work, epoch, cancellationToken));
        }
        else
        {
            SyslinuxLoader.Install(disk, partition, entry, work, epoch, cancellationToken);
            PartitionTableWriter.Write(disk, layout, SyslinuxLoader.BootCode(layout.Table));
        }
    }

    private static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void DeleteWorkFolder(string work)
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
