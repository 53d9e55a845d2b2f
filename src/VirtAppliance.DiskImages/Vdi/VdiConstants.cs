namespace VirtAppliance.DiskImages.Vdi;

internal static class VdiConstants
{
    public const uint Signature = 0xbeda107f;
    public const uint Version11 = 0x00010001;
    public const uint HeaderSizeV11 = 0x180;
    public const uint TypeDynamic = 1;
    public const uint TypeStatic = 2;
    public const uint BlockUnallocated = 0xffffffff;
    public const uint BlockZero = 0xfffffffe;
    public const int DefaultBlockSize = 1 << 20;
    public const int SectorSize = 512;
    public const string Text = "<<< Oracle VM VirtualBox Disk Image >>>\n";

    /// <summary>QEMU's limit (and VirtualBox's in practice): block map entries must fit 32 bits, less the two markers.</summary>
    public const long MaxBlocks = 0x3fffffff;
}
