using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Repository.Sources;

/// <summary>How a source is read and written: the key pinned for it, whether unverified content is accepted, the push token, where downloads go.</summary>
public sealed record SourceSettings
{
    /// <summary>The public key the source's index (or image index) must be signed with; null when none is pinned.</summary>
    public TrustedKey? Key { get; init; }

    /// <summary>Accept unsigned, wrongly signed or rolled-back content, with a warning each time.</summary>
    public bool Insecure { get; init; }

    /// <summary>The bearer token publish sends to a repository server (repo serve --push-token).</summary>
    public string? PushToken { get; init; }

    /// <summary>Credentials and TLS trust for OCI registries.</summary>
    public Oci.Access.RegistrySettings Registry { get; init; } = Oci.Access.RegistrySettings.Default;

    public required BlobCache Cache { get; init; }

    /// <summary>Where the serial of each repository's last seen index is kept (rollback protection).</summary>
    public required string StateFolder { get; init; }

    /// <summary>Where publish prepares transport blobs (default: a folder under the system's temporary folder).</summary>
    public string? WorkFolder { get; init; }

    public Action<string> Warn { get; init; } = _ => { };
}
