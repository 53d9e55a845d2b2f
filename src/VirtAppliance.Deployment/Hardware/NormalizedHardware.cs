namespace VirtAppliance.Deployment.Hardware;

/// <summary>
/// The virtual hardware every instance of an appliance gets on every host of a set (seed 003's "hardware
/// normalization"): one versioned machine type, one CPU model with its features, and (in the domain XML) virtio disks
/// and NICs at fixed PCI addresses.
/// </summary>
/// <param name="Machine">A versioned machine type every host supports (pc-i440fx-7.2, pc-q35-7.2), never an alias.</param>
/// <param name="CpuXml">libvirt's baseline of the hosts' CPUs for this domain type: a &lt;cpu mode='custom'&gt; element.</param>
public sealed record NormalizedHardware(string Machine, string CpuXml);
