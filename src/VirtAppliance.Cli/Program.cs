using VirtAppliance.Cli;
using VirtAppliance.Cli.Output;

return await CliApplication.RunAsync(args, CommandOutput.ForConsole());
