using VirtAppliance.Fuzz.Targets;

namespace VirtAppliance.Fuzz;

/// <summary>Every fuzz target, one per parser; fuzz/seeds.sh makes a seed corpus for each name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("qcow2", "qcow2 images (v2, v3, compressed, extended L2, snapshots, backing files)", DiskImageTargets.Image),
        new("vmdk-sparse", "VMDK monolithicSparse images", DiskImageTargets.Image),
        new("vmdk-stream", "VMDK streamOptimized images", DiskImageTargets.Image),
        new("vmdk-descriptor", "VMDK text descriptors and their extents", DiskImageTargets.VmdkDescriptor),
        new("vhd", "VHD fixed and dynamic images (given as their non-zero runs)", DiskImageTargets.SparseImage),
        new("vhdx", "VHDX images (given as their non-zero runs)", DiskImageTargets.SparseImage),
        new("vdi", "VDI images (given as their non-zero runs)", DiskImageTargets.SparseImage),
        new("detect", "disk format detection by content", DiskImageTargets.Detect),
        new("descriptor", "appliance descriptors (virt-image XML and schema 2), then matched to a host", DescriptorTargets.Descriptor),
        new("capabilities", "libvirt capabilities XML", DescriptorTargets.Capabilities),
        new("domain-capabilities", "libvirt domain capabilities XML", DescriptorTargets.DomainCapabilities),
        new("domain-hardware", "libvirt domain XML read for its hardware (vCPUs, memory, DIMMs, disks, NICs, free slots)", HardwareTargets.Domain),
        new("kickstart", "kickstart build specs", TextTargets.Kickstart),
        new("recipe", "customization recipes (YAML)", TextTargets.Recipe),
        new("diff", "unified diffs, applied to a fixed text", TextTargets.Diff),
        new("tar", "tar archives (plain, gzip, xz, bzip2, zstd) as tar-in reads them", ArchiveTargets.Tar),
        new("cpio", "cpio archives (newc, crc) as cpio-in reads them", ArchiveTargets.Cpio),
        new("index", "repository indexes in their DSSE envelope", RepositoryTargets.Index),
        new("manifest", "appliance manifests", RepositoryTargets.Manifest),
        new("zstd-blob", "zstd transport blobs decoded into the cache as a pull does", TransportTargets.ZstdBlob),
        new("envelope", "DSSE envelopes checked against a pinned key", RepositoryTargets.Envelope),
        new("oci", "OCI image indexes and image manifests of an appliance", RepositoryTargets.Oci),
        new("trusted-key", "pinned public keys (PEM)", KeyTargets.TrustedKey),
        new("auth-challenge", "registry WWW-Authenticate challenges (Basic, Bearer realm/service/scope)", RegistryAccessTargets.Challenge),
        new("auth-file", "registry auth files (containers auth.json, docker config.json), then a credential lookup", RegistryAccessTargets.AuthFileLookup),
        new("registry-token", "registry token service answers", RegistryAccessTargets.Token),
        new("ovf", "OVF envelopes (1.x and 2.x), read and written back", OvfTargets.Envelope),
        new("ovf-manifest", "OVF manifests (.mf)", OvfTargets.Manifest),
        new("ova", "OVA archives, extracted member by member", OvfTargets.Ova),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
