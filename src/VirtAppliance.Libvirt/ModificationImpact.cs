namespace VirtAppliance.Libvirt;

/// <summary>virDomainModificationImpact: the running domain, its persistent configuration, or both.</summary>
[Flags]
public enum ModificationImpact : uint
{
    /// <summary>The running domain if it runs, else the definition.</summary>
    Current = 0,

    /// <summary>The running domain.</summary>
    Live = 1,

    /// <summary>The persistent definition.</summary>
    Config = 2,
}
