namespace VirtAppliance.Deployment.Deploying;

/// <summary>How a deployment tells its user what it does (the command line prints; tests collect).</summary>
public interface IDeployReporter
{
    void Say(string message);

    /// <summary>Runs <paramref name="work"/>, showing the bytes it reports out of <paramref name="total"/> where the reporter can.</summary>
    void Progress(string description, long total, Action<IProgress<long>?> work);
}
