using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages;

/// <summary>
/// Where an image puts newly written guest data in its host file. Conversions use it to prepare the output's page
/// cache ahead of the writer (Conversion/PageCacheWarmer); formats that can say implement it.
/// </summary>
internal interface IWriteLayout
{
    WritePlacement Placement { get; }

    /// <summary>The host file that receives guest data.</summary>
    SafeFileHandle DataFile { get; }

    /// <summary>For <see cref="WritePlacement.Appended"/>: the file offset the next allocation takes.</summary>
    long AppendOffset => throw new NotSupportedException("this image does not append");

    /// <summary>Cuts away what a page-cache warmer allocated past the image's content (appending images only).</summary>
    void TrimToContent()
    {
    }
}
