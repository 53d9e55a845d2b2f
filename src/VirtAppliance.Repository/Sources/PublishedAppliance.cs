using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Sources;

/// <summary>
/// One appliance version as a repository offers it, whatever the repository's kind: its index entry and its manifest
/// (descriptor, disks, boot files, variants). An OCI registry's image index is read into the same shape.
/// </summary>
public sealed record PublishedAppliance(IndexEntry Entry, ApplianceManifest Manifest, string Location)
{
    /// <summary>The bytes each variant downloads (its disks and boot files, once each).</summary>
    public long VariantBytes(ManifestVariant variant) =>
        Manifest.Disks.Where(d => variant.Disks.Contains(d.Id))
            .Concat(Manifest.BootFiles.Where(b => variant.BootFiles.Contains(b.File)))
            .Select(d => d.Blob).DistinctBy(b => b.Digest).Sum(b => b.Size);

    /// <summary>The bytes every variant together would download.</summary>
    public long AllVariantsBytes => Manifest.Disks.Concat(Manifest.BootFiles).Select(d => d.Blob).DistinctBy(b => b.Digest).Sum(b => b.Size);
}
