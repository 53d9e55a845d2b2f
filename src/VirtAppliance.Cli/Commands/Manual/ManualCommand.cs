using System.CommandLine;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Manual;

/// <summary><c>__man DIR</c> (hidden; setup and the package run it): writes the manual pages into DIR.</summary>
internal static class ManualCommand
{
    public const string Name = "__man";

    public static Command Build(CommandOutput output)
    {
        var folder = new Argument<string>("DIR") { Description = "Where to write virt-appliance.1 and virt-appliance-COMMAND.1" };
        var command = new Command(Name, "Write the manual pages") { folder };
        command.Hidden = true;
        CommandAction.Set(command, output, (result, _) =>
        {
            var target = result.GetRequiredValue(folder);
            Directory.CreateDirectory(target);
            var version = Version.VersionReport.ProductVersion;
            foreach (var page in ManualPages.All(CliApplication.Build(output), version))
            {
                AtomicOutput.Write(Path.Combine(target, page.FileName), replace: true, temporary => File.WriteAllText(temporary, page.Text));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
