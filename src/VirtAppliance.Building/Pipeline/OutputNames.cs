using VirtAppliance.DiskImages;

namespace VirtAppliance.Building.Pipeline;

/// <summary>Final file names: NAME-DISK.EXT for every disk and NAME.xml for the descriptor, as appliance-creator named them.</summary>
internal static class OutputNames
{
    public static string Disk(string appliance, string disk, DiskFormat format) => $"{appliance}-{disk}.{format.FileExtension}";

    public static string Descriptor(string appliance) => appliance + ".xml";
}
