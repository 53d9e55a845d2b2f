using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Building.Pipeline;

/// <summary>Hears about build stages (one line each, with its time) and warnings, and shows long copies as progress.</summary>
public interface IBuildReporter
{
    void StageFinished(string stage, TimeSpan elapsed);

    void Warning(string message);

    T WithProgress<T>(string description, Func<IProgress<TransferProgress>?, T> work);
}
