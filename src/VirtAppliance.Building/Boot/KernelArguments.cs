using VirtAppliance.Building.Kickstart;

namespace VirtAppliance.Building.Boot;

/// <summary>The kernel arguments every appliance boots with, whatever its boot loader.</summary>
internal static class KernelArguments
{
    /// <summary>Memory added while the guest runs ('virt-appliance set --memory') is used at once, not left offline.</summary>
    private const string HotAddedMemoryOnline = "memhp_default_state=online";

    /// <summary>The consoles the tools read (the serial one last, so it gets /dev/console), then the spec's --append.</summary>
    public static string Common(BuildSpec spec) =>
        string.Join(' ', new[] { "console=tty0", "console=ttyS0,115200", HotAddedMemoryOnline, spec.BootloaderAppend }.OfType<string>());
}
