namespace VirtAppliance.Building.Boot;

/// <summary>The kernel and initrd a variant boots, on the build host, and the module tree they came with.</summary>
internal sealed record KernelImage(string Version, string Kernel, string Initrd, bool InitrdGenerated, bool FromRootFilesystem);
