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
                var saved = JsonSerializer.Deserialize(File.ReadAllBytes(journal), RepositoryJson.TypeInfo<Range[]>());
                if (saved is not null && saved.Sum(r => r.Length) == size && saved.All(r => r.Done >= 0 && r.Done <= r.Length))
                {
                    // A single range is a streamed download: appended in order, never preallocated, so the file's
                    // length is exactly what arrived (the journal may lag it by up to one interval).
                    return saved.Length == 1
                        ? Split(saved[0] with { Done = Math.Min(new FileInfo(partial).Length, saved[0].Length) }, count)
                        : saved;
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

    /// <summary>A single (streamed) range, resumed: what is left is fetched in parallel parts.</summary>
    private static Range[] Split(Range range, int count)
    {
        var left = range.Length - range.Done;
        if (left < count * (16L << 20))
        {
            return [range];
        }

        var part = (left + count - 1) / count;
        var start = range.Start + range.Done;
        return
        [
            new Range(range.Start, range.Done, range.Done),
            .. Enumerable.Range(0, count).Select(i => new Range(start + (i * part), Math.Max(0, Math.Min(part, left - (i * part))), 0)),
        ];
    }

    public static void Save(string journal, Range[] ranges)
    {
        var temporary = DiskImages.TemporaryFile.For(journal);
        File.WriteAllBytes(temporary, RepositoryJson.Serialize(ranges));
        File.Move(temporary, journal, overwrite: true);
    }
}
