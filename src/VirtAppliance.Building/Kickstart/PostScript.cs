namespace VirtAppliance.Building.Kickstart;

/// <summary>A %post section: run inside the root (chroot) unless --nochroot; a failure always aborts the build.</summary>
internal sealed record PostScript(int Line, string Body, bool NoChroot, string Interpreter);
