using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Output;
using VirtAppliance.Interop.Ovf;

namespace VirtAppliance.Cli.Commands.Import;

/// <summary><c>import FILE.ova|FILE.ovf -o DIR</c>: an appliance folder (descriptor and qcow2 disks) from an OVF package.</summary>
internal sealed class ImportCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var package = new Argument<string>("PACKAGE") { Description = "An .ova file, or the .ovf of an unpacked package" }.WithFiles(".ova", ".ovf");
        var path = new Option<string>("--output", "-o") { Description = "The folder to create: the descriptor and the disks as qcow2", Required = true };
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("import", "Import an OVA or OVF package (VMware, VirtualBox, virt-v2v) as an appliance") { package, path, force, json };
        CommandAction.Set(command, output, (result, cancellation) => Task.FromResult(new ImportCommand(output).Run(
            result.GetRequiredValue(package), result.GetRequiredValue(path), result.GetValue(force), result.GetValue(json), cancellation)));
        return command;
    }

    public int Run(string package, string destination, bool force, bool json, CancellationToken cancellation)
    {
        if (!File.Exists(package))
        {
            throw new FileNotFoundException($"{package} does not exist");
        }

        OutputPaths.Reserve(destination, force);
        var result = output.WithProgress($"import {Path.GetFileName(package)}", json, progress =>
            OvfImporter.Import(package, destination, progress, cancellation));
        foreach (var warning in result.Warnings)
        {
            output.WriteWarning(warning);
        }

        var descriptor = result.Descriptor;
        if (json)
        {
            output.WriteJson(
                new ImportReport(result.DescriptorPath, descriptor.Name, descriptor.Boots[0].Arch, descriptor.Devices.Vcpus, descriptor.Devices.MemoryKiB >> 10,
                    descriptor.Boots[0].Requirements.Firmware ?? "bios", descriptor.Disks.Select(d => d.File).ToList(), result.Warnings),
                CliJsonContext.Default.ImportReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"imported {descriptor.Name}: {descriptor.Disks.Count} disk(s), {descriptor.Devices.Vcpus} vCPU(s), {descriptor.Devices.MemoryKiB >> 10} MiB");
        output.WriteLine(result.DescriptorPath);
        return ExitCodes.Success;
    }
}
