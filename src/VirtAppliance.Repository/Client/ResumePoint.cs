using System.Text.Json;
using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// Where a download can go on after it was stopped: the first <see cref="Transport"/> bytes of the blob gave the first
/// <see cref="Content"/> bytes of the disk, which are in the content file. For a zstd blob it is a frame boundary, the
/// only place decoding can start again; for an uncompressed one, any point.
/// </summary>
internal sealed record ResumePoint(long Transport, long Content)
{
    public static ResumePoint Start { get; } = new(0, 0);

    /// <summary>The point saved in <paramref name="journal"/>, or the start (the journal removed) when none can be trusted.</summary>
    public static ResumePoint Load(string journal, long blobSize, long contentSize)
    {
        if (File.Exists(journal))
        {
            try
            {
                var saved = JsonSerializer.Deserialize(File.ReadAllBytes(journal), RepositoryJson.TypeInfo<ResumePoint>());
                if (saved is { Transport: >= 0, Content: >= 0 } && saved.Transport <= blobSize && saved.Content <= contentSize)
                {
                    return saved;
                }
            }
            catch (JsonException)
            {
            }
        }

        return Forget(journal);
    }

    /// <summary>The start, with any journal removed: what the content file holds is unknown.</summary>
    public static ResumePoint Forget(string journal)
    {
        File.Delete(journal);
        return Start;
    }

    public void Save(string journal)
    {
        var temporary = DiskImages.TemporaryFile.For(journal);
        File.WriteAllBytes(temporary, RepositoryJson.Serialize(this));
        File.Move(temporary, journal, overwrite: true);
    }
}
