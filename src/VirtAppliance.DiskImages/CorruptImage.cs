namespace VirtAppliance.DiskImages;

/// <summary>Builds the one kind of error this library raises for damaged input: file, field, offset, and what to do.</summary>
internal static class CorruptImage
{
    public static InvalidDataException Error(string path, string field, long offset, string problem) =>
        new($"{path}: {field} (at byte offset {offset}) {problem}; the image is damaged or not a valid image of its format");

    public static InvalidDataException Error(string path, string problem) =>
        new($"{path}: {problem}; the image is damaged or not a valid image of its format");
}
