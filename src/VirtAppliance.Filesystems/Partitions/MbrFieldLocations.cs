namespace VirtAppliance.Filesystems.Partitions;

/// <summary>Byte offsets and lengths in the master boot record (sector 0), each derived from the field before it.</summary>
public static class MbrFieldLocations
{
    public const int BootCode = 0;
    public const int BootCodeLength = 440;
    public const int DiskSignature = BootCode + BootCodeLength;
    public const int DiskSignatureLength = 4;
    public const int Reserved = DiskSignature + DiskSignatureLength;
    public const int ReservedLength = 2;
    public const int Entries = Reserved + ReservedLength;
    public const int EntryLength = 16;
    public const int EntryCount = 4;
    public const int BootSignature = Entries + EntryCount * EntryLength;

    /// <summary>Within one 16-byte entry.</summary>
    public static class Entry
    {
        public const int Status = 0;
        public const int FirstChs = Status + 1;
        public const int ChsLength = 3;
        public const int Type = FirstChs + ChsLength;
        public const int LastChs = Type + 1;
        public const int FirstLba = LastChs + ChsLength;
        public const int SectorCount = FirstLba + 4;
    }
}
