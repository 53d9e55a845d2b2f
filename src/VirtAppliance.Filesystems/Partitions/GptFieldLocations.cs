namespace VirtAppliance.Filesystems.Partitions;

/// <summary>Byte offsets in a GPT header and in a GPT partition entry (UEFI spec 2.10, 5.3), each derived from the field before it.</summary>
public static class GptFieldLocations
{
    public static class Header
    {
        public const int Signature = 0;
        public const int Revision = Signature + 8;
        public const int HeaderSize = Revision + 4;
        public const int HeaderCrc = HeaderSize + 4;
        public const int Reserved = HeaderCrc + 4;
        public const int CurrentLba = Reserved + 4;
        public const int BackupLba = CurrentLba + 8;
        public const int FirstUsableLba = BackupLba + 8;
        public const int LastUsableLba = FirstUsableLba + 8;
        public const int DiskGuid = LastUsableLba + 8;
        public const int EntriesLba = DiskGuid + 16;
        public const int EntryCount = EntriesLba + 8;
        public const int EntrySize = EntryCount + 4;
        public const int EntriesCrc = EntrySize + 4;

        /// <summary>The bytes the header CRC covers (92).</summary>
        public const int Length = EntriesCrc + 4;
    }

    public static class Entry
    {
        public const int TypeGuid = 0;
        public const int UniqueGuid = TypeGuid + 16;
        public const int FirstLba = UniqueGuid + 16;
        public const int LastLba = FirstLba + 8;
        public const int Attributes = LastLba + 8;
        public const int Name = Attributes + 8;
        public const int NameLength = 72;

        /// <summary>The size of an entry as this codec writes it; readers accept any size the header gives from this up.</summary>
        public const int Length = Name + NameLength;
    }
}
