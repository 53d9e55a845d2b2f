namespace VirtAppliance.Descriptors.Model;

/// <summary>How a variant boots: full virtualization (HVM) or Xen paravirtualization.</summary>
public enum BootType
{
    /// <summary>Full virtualization (firmware or direct kernel boot).</summary>
    Hvm,

    /// <summary>Xen paravirtualization.</summary>
    Xen,
}
