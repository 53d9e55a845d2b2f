namespace VirtAppliance.Descriptors.Model;

/// <summary>Maps a storage disk into a variant at a target device name (hda, sda, vda, xvda...).</summary>
public sealed record DriveMapping(string Disk, string? Target);
