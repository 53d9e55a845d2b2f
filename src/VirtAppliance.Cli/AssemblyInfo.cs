// The command line drives Linux tools and libvirt.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
