using System.Globalization;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>How busy the machine's processors are with other programs' work.</summary>
internal static class HostLoad
{
    /// <summary>The machine's runnable tasks (procs_running of /proc/stat) less the thread asking; 0 where unknown.</summary>
    public static int OtherRunnableTasks()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("procs_running ", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan("procs_running ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var running))
                {
                    return Math.Max(0, running - 1);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
