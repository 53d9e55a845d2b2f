namespace VirtAppliance.Repository.Oci;

/// <summary>Media types and annotation keys of appliances stored as OCI artifacts.</summary>
public static class OciMediaTypes
{
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>The config of every variant manifest: the descriptor file itself.</summary>
    public const string Descriptor = "application/vnd.virt-appliance.descriptor.v1+xml";

    public const string DiskZstd = "application/vnd.virt-appliance.disk.v1+zstd";
    public const string DiskRaw = "application/vnd.virt-appliance.disk.v1";

    public const string Title = "org.opencontainers.image.title";
    public const string Version = "org.opencontainers.image.version";
    public const string Prefix = "dev.virt-appliance.";
    public const string Name = Prefix + "name";
    public const string Variant = Prefix + "variant";
    public const string BootType = Prefix + "boot-type";
    public const string Firmware = Prefix + "firmware";
    public const string AcceleratorRequired = Prefix + "accelerator-required";
    public const string DiskId = Prefix + "disk-id";
    public const string BootFile = Prefix + "boot-file";
    public const string ContentDigest = Prefix + "content-digest";
    public const string ContentSize = Prefix + "content-size";
    public const string DescriptorFile = Prefix + "descriptor-file";
    public const string Release = Prefix + "release";
    public const string Label = Prefix + "label";
    public const string Description = "org.opencontainers.image.description";

    /// <summary>Tags that carry a signature rather than an appliance version.</summary>
    public const string SignatureTagSuffix = ".sig";

    private static readonly (string Libvirt, string Oci)[] Architectures =
        [("x86_64", "amd64"), ("i686", "386"), ("aarch64", "arm64"), ("armv7l", "arm"), ("ppc64le", "ppc64le"), ("s390x", "s390x")];

    /// <summary>OCI platform architecture names for libvirt's.</summary>
    public static string Architecture(string arch) => Architectures.FirstOrDefault(a => a.Libvirt == arch).Oci ?? arch;

    /// <summary>libvirt's architecture names for OCI platform ones.</summary>
    public static string LibvirtArchitecture(string platform) => Architectures.FirstOrDefault(a => a.Oci == platform).Libvirt ?? platform;
}
