using VirtAppliance.Cli;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;

if (KvmMaskLauncher.TryRelaunch(args) is { } exitCode)
{
    return exitCode;
}

return await CliApplication.RunAsync(args, CommandOutput.ForConsole());
