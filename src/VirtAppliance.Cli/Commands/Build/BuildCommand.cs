using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using System.Globalization;
using VirtAppliance.Building;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Cli.Commands.Build;

/// <summary>
/// <c>build SPEC.ks -o DIR</c>: a kickstart spec → partitioned, bootable disks and their descriptor, without root or
/// mounting; nothing appears under the final names unless every step succeeded.
/// </summary>
internal sealed class BuildCommand(CommandOutput output) : IBuildReporter
{
    private bool _quiet;

    public static Command Build(CommandOutput output)
    {
        var spec = new Argument<string>("SPEC") { Description = "The kickstart build spec (docs/build.md)" }.WithFiles(".ks", ".cfg");
        var folder = new Option<string>("--output", "-o") { Description = "Folder for the disks and NAME.xml", DefaultValueFactory = _ => "." };
        var format = new Option<string?>("--format") { Description = "Disk format: qcow2 (default), raw, vmdk, vhd, vhdx, vdi" };
        var compress = new Option<bool>("-c") { Description = "Compress the qcow2 clusters" };
        var compression = new Option<string?>("--compression") { Description = "zlib or zstd (default) with -c" };
        var seed = new Option<string?>("--seed") { Description = "Derive every UUID, volume id and salt from this value (reproducible builds; with SOURCE_DATE_EPOCH)" };
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("build", "Build an appliance's bootable disks and descriptor from a kickstart spec")
        {
            spec, folder, format, compress, compression, seed, force, json,
        };
        CommandAction.Set(command, output, (result, cancellation) => new BuildCommand(output).Run(
            result.GetRequiredValue(spec), result.GetRequiredValue(folder), result.GetValue(format), result.GetValue(compress),
            result.GetValue(compression), result.GetValue(seed), result.GetValue(force), result.GetValue(json), cancellation));
        return command;
    }

    public int Run(string specFile, string folder, string? format, bool compress, string? compression, string? seed, bool force, bool json, CancellationToken cancellation)
    {
        _quiet = json;
        var build = KickstartBuild.Load(specFile);
        var options = new BuildOptions
        {
            OutputFolder = folder,
            Format = format,
            Compress = compress || compression is not null ? true : null,
            Compression = compression is null ? null : Qcow2OptionParser.ParseCompression(compression),
            Seed = seed,
            Epoch = SourceDateEpoch(),
            Force = force,
            CacheFolder = Repository.Client.BlobCache.Default().Root,
        };
        if (!force)
        {
            foreach (var path in build.PlannedOutputs(options).Where(File.Exists))
            {
                throw new OutputExistsException(path);
            }
        }

        var result = build.Build(options, this, cancellation);
        if (json)
        {
            var descriptorFolder = Path.GetDirectoryName(result.Descriptor)!;
            var disks = result.Disks.Select(d => new BuildReportDisk(d.Id, Path.Combine(descriptorFolder, d.File), d.Format, d.VirtualSize, d.FileSize, d.Sha256)).ToList();
            output.WriteJson(new BuildReport(result.Descriptor, result.Variants, disks, result.Elapsed.TotalSeconds), CliJsonContext.Default.BuildReport);
        }
        else
        {
            foreach (var disk in result.Disks)
            {
                output.WriteLine($"{disk.File}: {disk.Format}, {ByteSize.Format(disk.VirtualSize)} virtual, {ByteSize.Format(disk.FileSize)} file");
            }

            output.WriteLine($"{result.Descriptor} (variants: {string.Join(", ", result.Variants)}) built in {result.Elapsed.TotalSeconds:0.0} s");
        }

        return ExitCodes.Success;
    }

    public void StageFinished(string stage, TimeSpan elapsed)
    {
        if (!_quiet)
        {
            output.Error.WriteLine($"build: {stage} ({elapsed.TotalSeconds:0.0} s)");
        }
    }

    public void Warning(string message) => output.Error.WriteLine($"virt-appliance: warning: {message}");

    public T WithProgress<T>(string description, Func<IProgress<TransferProgress>?, T> work) => output.WithProgress(description, _quiet, work);

    private static long? SourceDateEpoch()
    {
        var text = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && epoch <= uint.MaxValue
            ? epoch
            : throw new ArgumentException($"SOURCE_DATE_EPOCH={text}: expected seconds since 1970");
    }
}
