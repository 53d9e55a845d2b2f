// Builds use Linux tools (mke2fs, mtools, syslinux) and Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
