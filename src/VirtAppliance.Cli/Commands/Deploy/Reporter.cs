using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Cli.Commands.Deploy;

/// <summary>A deployment's messages on stdout and its disk verification as a progress bar (neither with --json).</summary>
internal sealed class Reporter(CommandOutput output, bool quiet) : IDeployReporter
{
    public void Say(string message)
    {
        if (!quiet)
        {
            output.WriteLine(message);
        }
    }

    public void Progress(string description, long total, Action<IProgress<long>?> work) =>
        output.WithProgress(description, quiet || total == 0, progress =>
        {
            long done = 0;
            work(progress is null ? null : new Repository.CallbackProgress<long>(n => progress.Report(new TransferProgress(done += n, total))));
            return 0;
        });
}
