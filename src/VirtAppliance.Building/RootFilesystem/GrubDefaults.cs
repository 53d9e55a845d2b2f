using System.Globalization;
using System.Text;
using VirtAppliance.Building.Boot;
using VirtAppliance.Building.Kickstart;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>/etc/default/grub for a GRUB-booted appliance: what update-grub (grub-mkconfig) needs to keep the serial console and the spec's arguments.</summary>
internal static class GrubDefaults
{
    public const string GuestPath = "/etc/default/grub";

    public static string Text(BuildSpec spec) => new StringBuilder()
        .Append("# Written by virt-appliance build from the spec's bootloader line; update-grub reads it.\n")
        .Append("GRUB_DEFAULT=0\n")
        .Append(CultureInfo.InvariantCulture, $"GRUB_TIMEOUT={spec.BootloaderTimeoutSeconds}\n")
        .Append("GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n")
        .Append("GRUB_CMDLINE_LINUX_DEFAULT=\"\"\n")
        .Append(CultureInfo.InvariantCulture, $"GRUB_CMDLINE_LINUX=\"{KernelArguments.Common(spec).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n")
        .Append("GRUB_TERMINAL=\"serial console\"\n")
        .Append("GRUB_SERIAL_COMMAND=\"serial --unit=0 --speed=115200\"\n")
        .ToString();
}
