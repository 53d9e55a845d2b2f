namespace VirtAppliance.Libvirt;

/// <summary>
/// libvirt's own log (the embedded driver logs warnings such as taint notices to stderr by default). Sends it to a
/// file instead, unless the user set LIBVIRT_LOG_OUTPUTS. Must run before the first connection.
/// </summary>
public static class LibvirtLogging
{
    /// <summary>The variable libvirt reads its log outputs from.</summary>
    public const string OutputsVariable = "LIBVIRT_LOG_OUTPUTS";

    /// <summary>
    /// Errors (level 4) go to <paramref name="path"/>. Not warnings: libvirt's process for a new guest inherits the
    /// log output by descriptor number after closing it, so its messages can land in a file the guest opened.
    /// </summary>
    public static void SendToFile(string path)
    {
        if (Environment.GetEnvironmentVariable(OutputsVariable) is not null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Interop.Interop.setenv(OutputsVariable, $"4:file:{Path.GetFullPath(path)}", 0);
    }
}
