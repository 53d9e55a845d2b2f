namespace VirtAppliance.Repository;

/// <summary>Reports on the caller's thread, at once (System.Progress posts to the thread pool, out of order).</summary>
public sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
