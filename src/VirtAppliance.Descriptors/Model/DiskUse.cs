namespace VirtAppliance.Descriptors.Model;

/// <summary>The role of a disk: the system, user data kept across upgrades, or scratch space.</summary>
public enum DiskUse
{
    /// <summary>Ships with the appliance; must exist; replaced by updates.</summary>
    System,

    /// <summary>The user's data; created empty when absent; kept across updates.</summary>
    User,

    /// <summary>Created empty when absent; may be wiped between runs.</summary>
    Scratch,
}
