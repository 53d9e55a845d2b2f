namespace VirtAppliance.Repository.Oci.Access;

/// <summary>How registries are reached: credentials (given, or found where skopeo, podman and docker keep them) and TLS trust.</summary>
public sealed record RegistrySettings
{
    /// <summary>The per-registry CA folders of containers and docker: FOLDER/HOST[:PORT]/*.crt.</summary>
    public static IReadOnlyList<string> StandardCertificateFolders { get; } = ["/etc/containers/certs.d", "/etc/docker/certs.d"];

    public static RegistrySettings Default { get; } = new();

    /// <summary>--creds USER:PASSWORD: used before any auth file.</summary>
    public RegistryCredential? Credentials { get; init; }

    /// <summary>--authfile FILE: looked at before the standard places.</summary>
    public string? AuthFile { get; init; }

    /// <summary>--ca-file FILE: CA certificates (PEM) trusted for every registry besides the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary>--tls-verify=false: any certificate is accepted, and plain HTTP where TLS is not spoken (warned each time).</summary>
    public bool TlsVerify { get; init; } = true;

    public IReadOnlyList<string> CertificateFolders { get; init; } = StandardCertificateFolders;

    /// <summary>Where environment variables (REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR, HOME, PATH) are read; the process's by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public Action<string> Warn { get; init; } = _ => { };
}
