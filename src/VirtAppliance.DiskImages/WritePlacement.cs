namespace VirtAppliance.DiskImages;

/// <summary>Where an image puts newly written guest data in its host file.</summary>
public enum WritePlacement
{
    /// <summary>Not described: nothing is prepared ahead of the writes.</summary>
    Unknown,

    /// <summary>At the guest offset itself (raw, fixed VHD).</summary>
    InPlace,

    /// <summary>At the end of the file, one allocation after another (qcow2, dynamic VHD, VHDX and VDI).</summary>
    Appended,
}
