namespace VirtAppliance.DiskImages.Conversion;

/// <summary>When a conversion lets helper threads prepare its output's page-cache pages (<see cref="PageCacheWarmer"/>).</summary>
public enum PageCacheWarming
{
    /// <summary>Never.</summary>
    Off,

    /// <summary>Once the writer is seen copying into new pages slowly (the default).</summary>
    WhenSlow,

    /// <summary>From the start.</summary>
    Always,
}
