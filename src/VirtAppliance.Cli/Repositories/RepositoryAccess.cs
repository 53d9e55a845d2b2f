using VirtAppliance.Cli.Output;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Cli.Repositories;

/// <summary>The repositories a command reads: --repo (with --key), or the configured ones with their pinned keys.</summary>
internal sealed class RepositoryAccess(string? repo, string? keyFile, bool insecure, CommandOutput output)
{
    /// <summary>Credentials and trust for OCI registries.</summary>
    public Repository.Oci.Access.RegistrySettings Registry { get; init; } = Repository.Oci.Access.RegistrySettings.Default;

    /// <summary>The sources to read, in order; disposing the result closes them.</summary>
    public OpenSources Open() => new(Locations().Select(source => ApplianceSources.Open(source, Settings(source.KeyFile))).ToList());

    /// <summary>True when a deploy/pull argument names a repository appliance rather than a descriptor file.</summary>
    public static bool IsReference(string argument) =>
        !File.Exists(argument) && !argument.Contains('/') && !argument.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>A source to publish to (no key is pinned for writing; the signing key is publish's own).</summary>
    public static IApplianceSource ForPublishing(string location, string? pushToken, Repository.Oci.Access.RegistrySettings registry, CommandOutput output) =>
        ApplianceSources.Open(new RepositorySource(location, location, null), new RepositoryAccess(location, null, false, output) { Registry = registry }.Settings(null) with { PushToken = pushToken });

    private IReadOnlyList<RepositorySource> Locations()
    {
        var configured = RepositoryConfiguration.Load(RepositoryConfiguration.DefaultFolder());
        if (repo is null)
        {
            return configured.Count > 0
                ? configured
                : throw new ArgumentException($"no repository given and none configured: pass --repo DIR|URL|oci://HOST/PREFIX or add a .conf file to {RepositoryConfiguration.DefaultFolder()}");
        }

        var named = configured.FirstOrDefault(s => s.Name == repo);
        return named is not null ? [named with { KeyFile = keyFile ?? named.KeyFile }] : [new RepositorySource(repo, repo, keyFile)];
    }

    private SourceSettings Settings(string? key) => new()
    {
        Key = key is null ? null : TrustedKey.Load(key),
        Insecure = insecure,
        Cache = BlobCache.Default(),
        StateFolder = Path.Combine(Hypervisor.HypervisorAccess.State.Root, "repositories"),
        Registry = Registry,
        Warn = message => output.Error.WriteLine($"virt-appliance: warning: {message}"),
    };
}
