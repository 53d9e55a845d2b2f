namespace VirtAppliance.Libvirt;

/// <summary>virDomainXMLFlags.</summary>
[Flags]
public enum DomainXmlFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Include security-sensitive information.</summary>
    Secure = 1,

    /// <summary>The persistent definition rather than the running one.</summary>
    Inactive = 2,

    /// <summary>Update the CPU element to the host's.</summary>
    UpdateCpu = 4,

    /// <summary>XML suitable for migration.</summary>
    Migratable = 8,
}
