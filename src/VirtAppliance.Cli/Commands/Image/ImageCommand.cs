using System.CommandLine;
using VirtAppliance.Cli.Commands.Image.Check;
using VirtAppliance.Cli.Commands.Image.Compare;
using VirtAppliance.Cli.Commands.Image.Convert;
using VirtAppliance.Cli.Commands.Image.Create;
using VirtAppliance.Cli.Commands.Image.Info;
using VirtAppliance.Cli.Commands.Image.Map;
using VirtAppliance.Cli.Commands.Image.Measure;
using VirtAppliance.Cli.Commands.Image.Overlay;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Image;

internal static class ImageCommand
{
    public static Command Build(CommandOutput output)
    {
        var command = new Command("image", $"Inspect, convert, compress, overlay and check disk images ({FormatHelp.ImageFormats})");
        command.Subcommands.Add(InfoCommand.Build(output));
        command.Subcommands.Add(ConvertCommand.Build(output));
        command.Subcommands.Add(CheckCommand.Build(output));
        command.Subcommands.Add(CompareCommand.Build(output));
        command.Subcommands.Add(CreateCommand.Build(output));
        command.Subcommands.Add(OverlayCommand.Build(output));
        command.Subcommands.Add(MapCommand.Build(output));
        command.Subcommands.Add(MeasureCommand.Build(output));
        return command;
    }
}
