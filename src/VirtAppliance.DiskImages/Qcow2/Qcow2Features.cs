namespace VirtAppliance.DiskImages.Qcow2;

[Flags]
internal enum Qcow2IncompatibleFeatures : ulong
{
    None = 0,
    Dirty = 1 << 0,
    Corrupt = 1 << 1,
    ExternalDataFile = 1 << 2,
    CompressionType = 1 << 3,
    ExtendedL2 = 1 << 4,
    Known = Dirty | Corrupt | ExternalDataFile | CompressionType | ExtendedL2,
}

[Flags]
internal enum Qcow2CompatibleFeatures : ulong
{
    None = 0,
    LazyRefcounts = 1 << 0,
}

[Flags]
internal enum Qcow2AutoclearFeatures : ulong
{
    None = 0,
    Bitmaps = 1 << 0,
    RawExternalData = 1 << 1,
}
