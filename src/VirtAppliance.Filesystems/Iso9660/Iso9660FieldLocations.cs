namespace VirtAppliance.Filesystems.Iso9660;

/// <summary>
/// Byte offsets in ISO 9660 (ECMA-119) structures, each derived from the field before it; "both" fields hold the value
/// little-endian then big-endian. Rock Ridge entries follow SUSP 1.12 and RRIP 1.09.
/// </summary>
public static class Iso9660FieldLocations
{
    public const int SectorSize = 2048;

    /// <summary>A volume descriptor (ECMA-119 8.4): primary (type 1), supplementary (type 2, Joliet), terminator (255).</summary>
    public static class VolumeDescriptor
    {
        public const int Type = 0;
        public const int StandardIdentifier = Type + 1;
        public const int StandardIdentifierLength = 5;
        public const int Version = StandardIdentifier + StandardIdentifierLength;
        public const int Flags = Version + 1;
        public const int SystemIdentifier = Flags + 1;
        public const int SystemIdentifierLength = 32;
        public const int VolumeIdentifier = SystemIdentifier + SystemIdentifierLength;
        public const int VolumeIdentifierLength = 32;
        public const int Unused1 = VolumeIdentifier + VolumeIdentifierLength;
        public const int VolumeSpaceSize = Unused1 + 8;
        public const int EscapeSequences = VolumeSpaceSize + 8;
        public const int EscapeSequencesLength = 32;
        public const int VolumeSetSize = EscapeSequences + EscapeSequencesLength;
        public const int VolumeSequenceNumber = VolumeSetSize + 4;
        public const int LogicalBlockSize = VolumeSequenceNumber + 4;
        public const int PathTableSize = LogicalBlockSize + 4;
        public const int TypeLPathTable = PathTableSize + 8;
        public const int OptionalTypeLPathTable = TypeLPathTable + 4;
        public const int TypeMPathTable = OptionalTypeLPathTable + 4;
        public const int OptionalTypeMPathTable = TypeMPathTable + 4;
        public const int RootDirectoryRecord = OptionalTypeMPathTable + 4;
        public const int RootDirectoryRecordLength = 34;
        public const int VolumeSetIdentifier = RootDirectoryRecord + RootDirectoryRecordLength;
        public const int VolumeSetIdentifierLength = 128;
        public const int PublisherIdentifier = VolumeSetIdentifier + VolumeSetIdentifierLength;
        public const int PublisherIdentifierLength = 128;
        public const int PreparerIdentifier = PublisherIdentifier + PublisherIdentifierLength;
        public const int PreparerIdentifierLength = 128;
        public const int ApplicationIdentifier = PreparerIdentifier + PreparerIdentifierLength;
        public const int ApplicationIdentifierLength = 128;
        public const int CopyrightFileIdentifier = ApplicationIdentifier + ApplicationIdentifierLength;
        public const int FileIdentifierLength = 37;
        public const int AbstractFileIdentifier = CopyrightFileIdentifier + FileIdentifierLength;
        public const int BibliographicFileIdentifier = AbstractFileIdentifier + FileIdentifierLength;
        public const int CreationTime = BibliographicFileIdentifier + FileIdentifierLength;
        public const int LongDateLength = 17;
        public const int ModificationTime = CreationTime + LongDateLength;
        public const int ExpirationTime = ModificationTime + LongDateLength;
        public const int EffectiveTime = ExpirationTime + LongDateLength;
        public const int FileStructureVersion = EffectiveTime + LongDateLength;
    }

    /// <summary>A directory record (ECMA-119 9.1): 33 bytes, the name, a pad byte after an even-length name, then system use.</summary>
    public static class DirectoryRecord
    {
        public const int Length = 0;
        public const int ExtendedAttributeLength = Length + 1;
        public const int Extent = ExtendedAttributeLength + 1;
        public const int DataLength = Extent + 8;
        public const int RecordingTime = DataLength + 8;
        public const int RecordingTimeLength = 7;
        public const int Flags = RecordingTime + RecordingTimeLength;
        public const int FileUnitSize = Flags + 1;
        public const int InterleaveGap = FileUnitSize + 1;
        public const int VolumeSequenceNumber = InterleaveGap + 1;
        public const int NameLength = VolumeSequenceNumber + 4;
        public const int Name = NameLength + 1;

        /// <summary>Bit 1 of <see cref="Flags"/>: the record is a directory.</summary>
        public const byte DirectoryFlag = 2;
    }

    /// <summary>A path table record (ECMA-119 9.4).</summary>
    public static class PathTableRecord
    {
        public const int NameLength = 0;
        public const int ExtendedAttributeLength = NameLength + 1;
        public const int Extent = ExtendedAttributeLength + 1;
        public const int ParentNumber = Extent + 4;
        public const int Name = ParentNumber + 2;

        /// <summary>The root's record: its one-byte name and the pad byte.</summary>
        public const int RootLength = Name + 2;
    }

    /// <summary>A SUSP system use entry's header (signature, length, version), then its data.</summary>
    public static class SystemUseEntry
    {
        public const int Signature = 0;
        public const int Length = Signature + 2;
        public const int Version = Length + 1;
        public const int Data = Version + 1;
    }

    /// <summary>RRIP's PX entry: POSIX mode, links, owner and group, each "both" 32-bit.</summary>
    public static class PosixEntry
    {
        public const int Mode = SystemUseEntry.Data;
        public const int Links = Mode + 8;
        public const int User = Links + 8;
        public const int Group = User + 8;
        public const int Serial = Group + 8;
        public const int Length = Serial + 8;
    }
}
