using System.Text.Json;
using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Client;

/// <summary>Progress of a ranged download: each range's start, length and bytes done, saved next to the partial file.</summary>
internal static class RangeJournal
{
    public sealed record Range(long Start, long Length, long Done);

    public static Range[] Load(string journal, string partial, long size, int count)
    {
        if (File.Exists(journal) && File.Exists(partial))
        {
            try
            {
                var saved = JsonSerializer.Deserialize<Range[]>(File.ReadAllBytes(journal), RepositoryJson.Options);
                if (saved is not null && saved.Sum(r => r.Length) == size && saved.All(r => r.Done >= 0 && r.Done <= r.Length))
                {
                    return saved;
                }
            }
            catch (JsonException)
            {
            }
        }

        // No trustworthy journal: whatever the partial file holds is unknown, start over.
        File.Delete(partial);
        var length = (size + count - 1) / count;
        return Enumerable.Range(0, count)
            .Select(i => new Range(i * length, Math.Max(0, Math.Min(length, size - (i * length))), 0))
            .ToArray();
    }

    public static void Save(string journal, Range[] ranges)
    {
        var temporary = journal + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(ranges, RepositoryJson.Options));
        File.Move(temporary, journal, overwrite: true);
    }
}
