namespace VirtAppliance.Descriptors.Model;

public sealed record ProductInfo(string? Vendor, string? Version, string? Url);
