using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>Repository documents as `search`, `info` and `pull` read them, and OCI documents as the OCI source reads them.</summary>
public static class RepositoryTargets
{
    /// <summary>An envelope (with any signature) around an index, opened insecurely, then an appliance looked up in it.</summary>
    public static void Index(byte[] input, Scratch scratch)
    {
        var envelope = RepositoryJson.Deserialize<Envelope>(input, "index.json");
        var index = RepositoryJson.Deserialize<RepositoryIndex>(envelope.PayloadBytes(), "index.json");
        foreach (var name in index.Appliances.Select(a => a.Name).Distinct().Take(4))
        {
            _ = ApplianceDownload.Resolve(index.Appliances, name, "fuzz");
        }
    }

    public static void Manifest(byte[] input, Scratch scratch)
    {
        var manifest = RepositoryJson.Deserialize<ApplianceManifest>(input, "manifest.json");
        Describe(new PublishedAppliance(new IndexEntry { Name = manifest.Name, Manifest = manifest.Descriptor }, manifest, "fuzz"));
    }

    /// <summary>An envelope opened with the pinned key of <see cref="FuzzKeys"/>: what a pull of a signed index does first.</summary>
    public static void Envelope(byte[] input, Scratch scratch)
    {
        var envelope = RepositoryJson.Deserialize<Envelope>(input, "index.json");
        _ = envelope.Open(FuzzKeys.Trusted, "index.json");
    }

    /// <summary>The image index, then one image manifest per entry, separated by NUL bytes (which JSON never holds).</summary>
    public static void Oci(byte[] input, Scratch scratch)
    {
        var documents = Split(input);
        var index = OciApplianceReader.ParseIndex(documents[0], "the image index");
        var manifests = new List<OciImageManifest>();
        for (var i = 0; i < index.Manifests.Count; i++)
        {
            manifests.Add(OciApplianceReader.ParseManifest(documents[1 + (i % Math.Max(1, documents.Count - 1))], $"manifest {i}"));
        }

        Describe(OciApplianceReader.Read(index, manifests, new BlobReference(Digest.Of(documents[0]).ToString(), documents[0].Length), "fuzz/appliance", "latest", "fuzz"));
    }

    /// <summary>What `info` and `pull` compute from a manifest before any download: sizes per variant and the file names' checks.</summary>
    private static void Describe(PublishedAppliance appliance)
    {
        _ = appliance.AllVariantsBytes;
        foreach (var variant in appliance.Manifest.Variants)
        {
            _ = appliance.VariantBytes(variant);
        }

        foreach (var file in appliance.Manifest.Disks.Concat(appliance.Manifest.BootFiles))
        {
            _ = DescriptorPaths.Problem(file.File);
        }
    }

    private static List<byte[]> Split(byte[] input)
    {
        var documents = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= input.Length; i++)
        {
            if (i == input.Length || input[i] == 0)
            {
                documents.Add(input[start..i]);
                start = i + 1;
            }
        }

        return documents;
    }
}
