using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Repositories;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Cli.Commands.Info;

/// <summary><c>info NAME[:VERSION]</c>: one published appliance: its variants and disks, and what each variant downloads.</summary>
internal sealed class InfoCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var reference = new Argument<string>("NAME") { Description = "NAME or NAME:VERSION (default: the highest version)" };
        var repositories = new RepositoryOptions();
        var json = CommonOptions.Json();
        var command = new Command("info", "Show a published appliance") { reference, json };
        repositories.AddTo(command);
        CommandAction.Set(command, output, (result, cancellation) => new InfoCommand(output).RunAsync(
            result.GetRequiredValue(reference), repositories.Read(result, output), result.GetValue(json), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string reference, RepositoryAccess access, bool json, CancellationToken cancellation)
    {
        using var sources = access.Open();
        var (source, appliance) = await ApplianceSources.FindFirstAsync(sources.Sources, reference, cancellation);
        var (entry, manifest, _) = appliance;
        var variants = manifest.Variants
            .Select(v => new InfoVariant(v.Id, v.Type, v.Arch, v.Firmware, v.Disks, appliance.VariantBytes(v)))
            .ToList();
        if (json)
        {
            output.WriteJson(
                new InfoReport(source.Name, entry.Name, entry.Version, entry.Release, entry.Label, entry.Description, entry.Manifest.Digest, variants, manifest.Disks),
                CliJsonContext.Default.InfoReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"{entry.Reference} (release {entry.Release ?? "-"}) in {source.Name}: {entry.Label}");
        foreach (var variant in variants)
        {
            output.WriteLine($"  variant {variant.Id}: {variant.Type} {variant.Arch}{(variant.Firmware is null ? "" : " " + variant.Firmware)}, disks {string.Join(", ", variant.Disks)}, downloads {ByteSize.Format(variant.DownloadBytes)}");
        }

        foreach (var disk in manifest.Disks)
        {
            output.WriteLine($"  disk {disk.Id}: {disk.File} ({disk.Format}, {ByteSize.Format(disk.Content.Size)}, {ByteSize.Format(disk.Blob.Size)} {disk.Compression}) {disk.Content.Digest}");
        }

        return ExitCodes.Success;
    }
}
