using System.Xml.Linq;

namespace VirtAppliance.Interop.Ovf;

/// <summary>The XML namespaces and URIs of OVF (DMTF DSP0243) and the vendors' extensions this toolkit reads or writes.</summary>
public static class OvfNames
{
    public static readonly XNamespace Envelope1 = "http://schemas.dmtf.org/ovf/envelope/1";
    public static readonly XNamespace Envelope2 = "http://schemas.dmtf.org/ovf/envelope/2";
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    public static readonly XNamespace Vssd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
    public static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";
    public static readonly XNamespace Vbox = "http://www.virtualbox.org/ovf/machine";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>This toolkit's section: the variant's own drive targets and bus, so an import of its export loses nothing.</summary>
    public static readonly XNamespace Appliance = "https://virt-appliance.dev/ovf/1";

    public const string StreamOptimizedVmdk = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";
    public const string SparseVmdk = "http://www.vmware.com/interfaces/specifications/vmdk.html#sparse";
    public const string Qcow2Format = "http://www.gnome.org/~markmc/qcow-image-format.html";

    /// <summary>HostResource of a disk item: ovf:/disk/ID (OVF 1 and 2), or ovf:/file/ID for a file such as an ISO.</summary>
    public const string DiskResourcePrefix = "ovf:/disk/";
    public const string FileResourcePrefix = "ovf:/file/";
}

/// <summary>CIM_ResourceAllocationSettingData.ResourceType values used by OVF hardware items.</summary>
public static class ResourceTypes
{
    public const int Processor = 3;
    public const int Memory = 4;
    public const int IdeController = 5;
    public const int ScsiController = 6;
    public const int EthernetAdapter = 10;
    public const int FloppyDrive = 14;
    public const int CdDrive = 15;
    public const int DvdDrive = 16;
    public const int DiskDrive = 17;

    /// <summary>"Other storage device": SATA (ResourceSubType AHCI) as VMware and VirtualBox write it.</summary>
    public const int OtherStorage = 20;
    public const int UsbController = 23;
    public const int SoundCard = 35;
}
