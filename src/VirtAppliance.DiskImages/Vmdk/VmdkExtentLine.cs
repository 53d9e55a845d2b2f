namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>One extent line of a descriptor: access, size in sectors, type (SPARSE, FLAT, ZERO), file and offset.</summary>
internal sealed record VmdkExtentLine(string Access, long Sectors, string Type, string? File, long Offset);
