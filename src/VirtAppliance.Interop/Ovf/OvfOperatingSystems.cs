namespace VirtAppliance.Interop.Ovf;

/// <summary>The CIM operating system ids (CIM_OperatingSystem.OsType) and VMware guest ids an appliance maps to.</summary>
public static class OvfOperatingSystems
{
    /// <summary>"Linux" (32-bit).</summary>
    public const int Linux = 36;

    /// <summary>"Other Linux 64-Bit".</summary>
    public const int OtherLinux64 = 101;

    /// <summary>The CIM ids of 64-bit systems among those VMware and VirtualBox write for Linux and other x86 guests.</summary>
    private static readonly HashSet<int> SixtyFourBit = [74, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115];

    public static (int Id, string VmwareType, string Description) For(string arch) => arch switch
    {
        "x86_64" => (OtherLinux64, "otherLinux64Guest", "Linux 64-bit"),
        _ => (Linux, "otherLinuxGuest", "Linux"),
    };

    /// <summary>x86_64 or i686 from the section's id and VMware type; x86_64 when neither says.</summary>
    public static string Arch(int? id, string? vmwareType)
    {
        if (vmwareType is { Length: > 0 })
        {
            return vmwareType.Contains("64", StringComparison.Ordinal) ? "x86_64" : "i686";
        }

        return id is null || SixtyFourBit.Contains(id.Value) || id.Value == 1 || id.Value == 0 ? "x86_64" : "i686";
    }
}
