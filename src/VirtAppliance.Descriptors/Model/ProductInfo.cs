namespace VirtAppliance.Descriptors.Model;

/// <summary>The product an appliance packages (schema 2's <c>product</c> element).</summary>
/// <param name="Vendor">Who makes the product.</param>
/// <param name="Version">The product's own version.</param>
/// <param name="Url">Where to read about it.</param>
public sealed record ProductInfo(string? Vendor, string? Version, string? Url);
