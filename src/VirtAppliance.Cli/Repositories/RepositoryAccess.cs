using VirtAppliance.Cli.Output;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Cli.Repositories;

/// <summary>The repositories a command reads: --repo (with --key), or the configured ones with their pinned keys.</summary>
internal sealed class RepositoryAccess(string? repo, string? keyFile, bool insecure, CommandOutput output)
{
    public IReadOnlyList<RepositorySource> Sources()
    {
        var configured = RepositoryConfiguration.Load(RepositoryConfiguration.DefaultFolder());
        if (repo is null)
        {
            return configured.Count > 0
                ? configured
                : throw new ArgumentException($"no repository given and none configured: pass --repo DIR|URL or add a .conf file to {RepositoryConfiguration.DefaultFolder()}");
        }

        var named = configured.FirstOrDefault(s => s.Name == repo);
        return named is not null ? [named with { KeyFile = keyFile ?? named.KeyFile }] : [new RepositorySource(repo, repo, keyFile)];
    }

    public Repository.Oci.OciPuller OciPullerFor(RepositorySource source, string reference)
    {
        var key = source.KeyFile is null ? null : TrustedKey.Load(source.KeyFile);
        var registry = new Repository.Oci.OciRegistry(Repository.Oci.OciReference.ForAppliance(source.Uri, reference));
        return new Repository.Oci.OciPuller(registry, key, insecure, message => output.Error.WriteLine($"virt-appliance: warning: {message}"), BlobCache.Default());
    }

    public Puller PullerFor(RepositorySource source)
    {
        var key = source.KeyFile is null ? null : TrustedKey.Load(source.KeyFile);
        var state = Path.Combine(Hypervisor.HypervisorAccess.State.Root, "repositories");
        var reader = new IndexReader(key, insecure, state, message => output.Error.WriteLine($"virt-appliance: warning: {message}"));
        return new Puller(Backends.Open(source.Uri), reader, BlobCache.Default());
    }
}
