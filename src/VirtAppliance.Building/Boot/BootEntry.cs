namespace VirtAppliance.Building.Boot;

/// <summary>What a boot loader starts: paths inside the FAT filesystem and the kernel command line.</summary>
internal sealed record BootEntry(string Title, string KernelPath, string InitrdPath, string CommandLine, int TimeoutSeconds);
