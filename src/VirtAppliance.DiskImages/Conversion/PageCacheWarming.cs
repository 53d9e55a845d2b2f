namespace VirtAppliance.DiskImages.Conversion;

/// <summary>When a conversion lets helper threads prepare its output's page-cache pages (<see cref="PageCacheWarmer"/>).</summary>
public enum PageCacheWarming
{
    Off,

    /// <summary>Once the writer is seen copying into new pages slowly (the default).</summary>
    WhenSlow,

    Always,
}
