namespace VirtAppliance.Cli.Commands.Import;

/// <summary>What <c>import --json</c> prints.</summary>
internal sealed record ImportReport(string Descriptor, string Name, string Arch, int Vcpus, long MemoryMib, string Firmware, IReadOnlyList<string> Disks, IReadOnlyList<string> Warnings);
