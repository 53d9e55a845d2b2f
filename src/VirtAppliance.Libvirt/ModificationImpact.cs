namespace VirtAppliance.Libvirt;

/// <summary>virDomainModificationImpact: the running domain, its persistent configuration, or both.</summary>
[Flags]
public enum ModificationImpact : uint
{
    Current = 0,
    Live = 1,
    Config = 2,
}
