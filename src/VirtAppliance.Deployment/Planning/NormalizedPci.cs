using System.Xml.Linq;
using VirtAppliance.Deployment.Hardware;

namespace VirtAppliance.Deployment.Planning;

/// <summary>
/// Fixed PCI addresses for a normalized instance, handed out in the order the definition lists its devices, so that
/// every instance gets the same whatever libvirt version assigns. i440fx: root bus slots from 3 (1 is the PIIX3
/// chipset, 2 the video card); q35: one PCIe root port per device, eight functions to a slot from slot 2.
/// </summary>
internal sealed class NormalizedPci(bool q35)
{
    private const int FirstI440fxSlot = 3;
    private const int FirstRootPortSlot = 2;
    private const int FunctionsPerSlot = 8;

    private readonly List<XElement> ports = [];
    private int handedOut;

    /// <summary>The root ports made so far (q35), to be added to the devices.</summary>
    public IReadOnlyList<XElement> Ports => ports;

    /// <summary>The address of the next device.</summary>
    public XElement Next()
    {
        handedOut++;
        if (!q35)
        {
            return HardwareNormalizer.PciAddress(0, FirstI440fxSlot + handedOut - 1);
        }

        var port = AddPort();
        return HardwareNormalizer.PciAddress(port, 0);
    }

    /// <summary>Empty root ports (q35) for devices hot-plugged later.</summary>
    public void AddSpare(int count)
    {
        for (var i = 0; q35 && i < count; i++)
        {
            AddPort();
        }
    }

    private int AddPort()
    {
        var index = ports.Count + 1;
        var position = index - 1;
        ports.Add(new XElement(
            "controller",
            new XAttribute("type", "pci"),
            new XAttribute("index", index),
            new XAttribute("model", "pcie-root-port"),
            HardwareNormalizer.PciAddress(0, FirstRootPortSlot + (position / FunctionsPerSlot), position % FunctionsPerSlot, multifunction: position % FunctionsPerSlot == 0)));
        return index;
    }
}
