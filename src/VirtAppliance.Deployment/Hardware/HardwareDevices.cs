using System.Xml.Linq;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;

namespace VirtAppliance.Deployment.Hardware;

/// <summary>The device XML of what the hardware commands add.</summary>
public static class HardwareDevices
{
    /// <summary>A DIMM in the guest's one NUMA cell.</summary>
    public static XElement Dimm(long kib) =>
        new(
            "memory",
            new XAttribute("model", "dimm"),
            new XElement("target", new XElement("size", new XAttribute("unit", "KiB"), kib), new XElement("node", 0)));

    public static XElement Disk(InstanceDisk disk) => DomainXmlBuilder.Disk(disk);

    public static XElement Interface(string macAddress, string? model) => DomainXmlBuilder.Interface(new GuestNic(macAddress, model), paravirtual: false);

    /// <summary>The SCSI controller a SCSI disk needs; virtio-scsi, which every distribution kernel drives.</summary>
    public static XElement ScsiController() =>
        new("controller", new XAttribute("type", "scsi"), new XAttribute("model", "virtio-scsi"));
}
