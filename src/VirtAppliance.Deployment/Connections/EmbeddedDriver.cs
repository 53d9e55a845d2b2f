namespace VirtAppliance.Deployment.Connections;

/// <summary>Prepares the root folder of libvirt's embedded QEMU driver (qemu:///embed?root=DIR).</summary>
public static class EmbeddedDriver
{
    /// <summary>
    /// DIR/etc/qemu.conf: QEMU writes its own logs and file chardevs (no virtlogd daemon to reach), and runs as the
    /// invoking user like qemu:///session does, so instance files under the user's home stay reachable and need no
    /// relabelling (no chown, no remembered owners in extended attributes).
    /// </summary>
    public static void Prepare(string root)
    {
        var etc = Path.Combine(root, "etc");
        Directory.CreateDirectory(etc);
        var content = Configuration(Environment.IsPrivilegedProcess);
        var path = Path.Combine(etc, "qemu.conf");
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }

        var temporary = DiskImages.TemporaryFile.For(path);
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The process holding the driver, as "process PID (command line)": the driver's pid file under DIR/run/qemu
    /// names it while the driver runs in that process.
    /// </summary>
    public static string Holder(string root)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(root, "run", "qemu", "driver.pid")).Trim();
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                return "another process";
            }

            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return commandLine.Length == 0 ? $"process {pid}" : $"process {pid} ({commandLine})";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    internal static string Configuration(bool privileged)
    {
        var lines = new List<string>
        {
            "# Written by virt-appliance for libvirt's embedded QEMU driver; rewritten when it differs.",
            "stdio_handler = \"file\"",
        };
        if (privileged)
        {
            lines.Add("user = \"+0\"");
            lines.Add("group = \"+0\"");
            lines.Add("dynamic_ownership = 0");
            lines.Add("remember_owner = 0");

            // No private /dev per guest: libvirt would copy /dev/kvm into it, which fails when /dev/kvm is masked.
            lines.Add("namespaces = []");
        }

        return string.Join('\n', lines) + "\n";
    }
}
