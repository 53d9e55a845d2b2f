namespace VirtAppliance.DiskImages.Vhd;

/// <summary>CHS geometry exactly as the VHD specification's appendix computes it from a sector count.</summary>
internal readonly record struct VhdGeometry(int Cylinders, int Heads, int SectorsPerTrack)
{
    public long Sectors => (long)Cylinders * Heads * SectorsPerTrack;

    public static VhdGeometry For(long totalSectors)
    {
        if (totalSectors > VhdConstants.MaxGeometrySectors)
        {
            totalSectors = VhdConstants.MaxGeometrySectors;
        }

        int sectorsPerTrack, heads;
        long cylindersTimesHeads;
        if (totalSectors >= 65535L * 16 * 63)
        {
            sectorsPerTrack = 255;
            heads = 16;
            cylindersTimesHeads = totalSectors / sectorsPerTrack;
        }
        else
        {
            sectorsPerTrack = 17;
            cylindersTimesHeads = totalSectors / sectorsPerTrack;
            heads = (int)Math.Max(4, (cylindersTimesHeads + 1023) / 1024);
            if (cylindersTimesHeads >= heads * 1024L || heads > 16)
            {
                sectorsPerTrack = 31;
                heads = 16;
                cylindersTimesHeads = totalSectors / sectorsPerTrack;
            }

            if (cylindersTimesHeads >= heads * 1024L)
            {
                sectorsPerTrack = 63;
                heads = 16;
                cylindersTimesHeads = totalSectors / sectorsPerTrack;
            }
        }

        return new VhdGeometry((int)(cylindersTimesHeads / heads), heads, sectorsPerTrack);
    }

    /// <summary>The geometry QEMU picks for a size: the first one, trying one more sector at a time, that holds it.</summary>
    public static VhdGeometry RoundUp(long bytes)
    {
        var sectors = (bytes + VhdConstants.SectorSize - 1) / VhdConstants.SectorSize;
        var geometry = For(sectors);
        for (var extra = 1L; geometry.Sectors < sectors && sectors + extra <= VhdConstants.MaxGeometrySectors; extra++)
        {
            geometry = For(sectors + extra);
        }

        return geometry;
    }
}
