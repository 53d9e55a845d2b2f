namespace VirtAppliance.DiskImages.Unsupported;

/// <summary>A format recognised by its signature so that it is never mistaken for raw, but not yet readable.</summary>
internal sealed class RecognizedFormat(string name, string description, Func<byte[], byte[], long, bool> matcher)
    : DiskFormat
{
    public override string Name { get; } = name;

    public override bool CanOpen => false;

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        matcher(head.ToArray(), tail.ToArray(), fileLength);

    public override DiskImage Open(string path, bool writable) =>
        throw new NotSupportedException(
            $"'{path}' is a {description} image, which this version cannot read yet; convert it with another tool first");
}
