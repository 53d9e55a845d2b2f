namespace VirtAppliance.Filesystems.Tools;

/// <summary>An external tool found neither on PATH nor in the system folders (exit 69, as other unsupported setups).</summary>
public sealed class ToolNotInstalledException(string tool, string? package)
    : NotSupportedException(Describe(tool, package))
{
    public string Tool { get; } = tool;

    public string? Package { get; } = package;

    private static string Describe(string tool, string? package)
    {
        var where = $"{tool} is not installed: it is on neither PATH nor {string.Join(", ", HostTools.SystemDirectories)}";
        return package is null
            ? $"{where} (scripts/setup.sh installs what virt-appliance needs)"
            : $"{where} (Debian package {package}: apt-get install {package}; scripts/setup.sh installs what virt-appliance needs)";
    }
}
