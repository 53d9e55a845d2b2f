using System.Text.Json.Serialization;
using VirtAppliance.Cli.Commands.Build;
using VirtAppliance.Cli.Commands.Check;
using VirtAppliance.Cli.Commands.Customize;
using VirtAppliance.Cli.Commands.Deploy;
using VirtAppliance.Cli.Commands.Export;
using VirtAppliance.Cli.Commands.Image.Convert;
using VirtAppliance.Cli.Commands.Image.Map;
using VirtAppliance.Cli.Commands.Image.Overlay;
using VirtAppliance.Cli.Commands.Import;
using VirtAppliance.Cli.Commands.Info;
using VirtAppliance.Cli.Commands.Publish;
using VirtAppliance.Cli.Commands.Pull;
using VirtAppliance.Cli.Commands.Search;
using VirtAppliance.Cli.Commands.Seed;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Commands.Validate;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.Repository.Client;

namespace VirtAppliance.Cli.Output;

/// <summary>
/// Serialization code for everything a command prints with --json, generated at build time: kebab-case names,
/// indented, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.KebabCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BuildReport))]
[JsonSerializable(typeof(Commands.Probe.ProbeReport))]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(CustomizeReport))]
[JsonSerializable(typeof(FirstBootReport))]
[JsonSerializable(typeof(DeployReport))]
[JsonSerializable(typeof(DryRunReport))]
[JsonSerializable(typeof(ConvertReport))]
[JsonSerializable(typeof(ExportReport))]
[JsonSerializable(typeof(ImportReport))]
[JsonSerializable(typeof(List<MapEntry>))]
[JsonSerializable(typeof(OverlayReport))]
[JsonSerializable(typeof(ImageCheckResult))]
[JsonSerializable(typeof(ImageDescription))]
[JsonSerializable(typeof(CompareResult))]
[JsonSerializable(typeof(SizeEstimate))]
[JsonSerializable(typeof(InfoReport))]
[JsonSerializable(typeof(PublishReport))]
[JsonSerializable(typeof(PullReport))]
[JsonSerializable(typeof(List<SearchRow>))]
[JsonSerializable(typeof(SeedReport))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(Commands.Hardware.HardwareJson))]
[JsonSerializable(typeof(ValidateReport))]
[JsonSerializable(typeof(List<InstanceStatus>))]
[JsonSerializable(typeof(List<Commands.Hosts.HostRow>))]
[JsonSerializable(typeof(List<Commands.Hosts.PrunedHost>))]
[JsonSerializable(typeof(Commands.Deploy.FleetPlanReport))]
[JsonSerializable(typeof(List<Commands.Deploy.FleetDeployRow>))]
[JsonSerializable(typeof(IReadOnlyList<BlobCache.Entry>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
