namespace VirtAppliance.Descriptors.Model;

public enum BootType
{
    /// <summary>Full virtualization (firmware or direct kernel boot).</summary>
    Hvm,

    /// <summary>Xen paravirtualization.</summary>
    Xen,
}
