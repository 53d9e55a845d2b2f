using System.Security.Cryptography;
using System.Text.Json;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// Fetches a repository's index and accepts it only when the pinned key signed it and it is not older than the last
/// index seen from that repository (rollback). With <c>insecure</c> it accepts anyway and says so, every time.
/// </summary>
public sealed class IndexReader(TrustedKey? key, bool insecure, string stateFolder, Action<string> warn)
{
    internal sealed record SeenIndex(long Serial, string Digest, DateTimeOffset Seen);

    public async Task<RepositoryIndex> ReadAsync(IRepositoryBackend backend, CancellationToken cancellation)
    {
        var what = $"the index of {backend.Location}";
        var bytes = await backend.ReadIndexAsync(cancellation)
            ?? throw new FileNotFoundException($"{backend.Location} has no {RepositoryLayout.IndexFile}: it is not a repository (or nothing was published to it)");
        var envelope = RepositoryJson.Deserialize<Envelope>(bytes, what);
        byte[] payload;
        if (key is not null)
        {
            try
            {
                payload = envelope.Open(key, what);
            }
            catch (SignatureException error) when (insecure)
            {
                warn($"INSECURE: {error.Message}; accepted because of --insecure");
                payload = envelope.PayloadBytes();
            }
        }
        else if (insecure)
        {
            warn($"INSECURE: {what} is not verified: no key is pinned for it and --insecure was given");
            payload = envelope.PayloadBytes();
        }
        else
        {
            throw new SignatureException($"no key is pinned for {backend.Location}: add its public key to the repository configuration or pass --key FILE (or --insecure to skip verification)");
        }

        var index = RepositoryJson.Deserialize<RepositoryIndex>(payload, what);
        CheckRollback(backend.Location, index, Digest.Of(payload).ToString(), what);
        return index;
    }

    private void CheckRollback(string location, RepositoryIndex index, string digest, string what)
    {
        Directory.CreateDirectory(stateFolder);
        var path = Path.Combine(stateFolder, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(location)))[..32] + ".json");
        SeenIndex? last = null;
        if (File.Exists(path))
        {
            try
            {
                last = JsonSerializer.Deserialize(File.ReadAllBytes(path), RepositoryJson.TypeInfo<SeenIndex>());
            }
            catch (JsonException)
            {
                last = null;
            }
        }

        if (last is not null)
        {
            var problem = index.Serial < last.Serial
                ? $"{what} has serial {index.Serial}, older than serial {last.Serial} seen on {last.Seen:u}: a replayed (rolled back) index"
                : index.Serial == last.Serial && digest != last.Digest
                    ? $"{what} has serial {index.Serial} like the one seen on {last.Seen:u}, but different content"
                    : null;
            if (problem is not null)
            {
                if (!insecure)
                {
                    throw new SignatureException(problem);
                }

                warn($"INSECURE: {problem}; accepted because of --insecure");
                return;
            }

            if (index.Serial == last.Serial)
            {
                return;
            }
        }

        var temporary = DiskImages.TemporaryFile.For(path);
        File.WriteAllBytes(temporary, RepositoryJson.Serialize(new SeenIndex(index.Serial, digest, DateTimeOffset.UtcNow)));
        File.Move(temporary, path, overwrite: true);
    }
}
