using System.Diagnostics;

namespace VirtAppliance.Building.Pipeline;

/// <summary>Runs the build's stages: one line each with its time, and a full disk reported with the stage and the folder it filled.</summary>
internal sealed class StageRunner(IBuildReporter reporter, string outputFolder)
{
    /// <summary>ENOSPC as .NET reports it on Unix.</summary>
    private const int DiskFullHResult = 28;

    public void Run(string name, Action action) => Run(name, () => { action(); return 0; });

    public T Run<T>(string name, Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        T result;
        try
        {
            result = action();
        }
        catch (IOException exception) when (exception.HResult == DiskFullHResult)
        {
            throw new IOException($"{name}: {Path.GetFullPath(outputFolder)} has no space left ({exception.Message}); nothing was written under the final names", DiskFullHResult);
        }

        reporter.StageFinished(name, watch.Elapsed);
        return result;
    }
}
