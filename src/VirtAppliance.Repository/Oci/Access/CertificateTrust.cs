using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// Which server certificates one registry host (HOST[:PORT]) is trusted with: the system's roots, the CAs in
/// CERTS.D/HOST[:PORT]/*.crt (containers' and docker's convention) and --ca-file; anything with --tls-verify=false.
/// Remembers what it refused, for an error that names the certificate.
/// </summary>
public sealed class CertificateTrust
{
    private readonly X509Certificate2Collection authorities = [];
    private readonly bool verify;

    public CertificateTrust(string host, RegistrySettings settings)
    {
        verify = settings.TlsVerify;
        Sources = [];
        if (settings.CaFile is { } caFile)
        {
            Import(caFile, "--ca-file");
        }

        foreach (var folder in settings.CertificateFolders.Select(f => Path.Combine(f, host)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.crt").Order(StringComparer.Ordinal))
            {
                Import(file, file);
            }
        }
    }

    /// <summary>Where the extra CAs came from.</summary>
    public List<string> Sources { get; }

    /// <summary>The last certificate refused, described; null when none was.</summary>
    public string? Refused { get; private set; }

    /// <summary>True once the server presented any certificate (it speaks TLS).</summary>
    public bool SawCertificate { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        SawCertificate |= certificate is not null;
        if (errors == SslPolicyErrors.None || !verify)
        {
            return true;
        }

        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && authorities.Count > 0 && TrustedByExtraAuthorities(certificate, chain))
        {
            return true;
        }

        Refused = certificate is null
            ? "the server presented no certificate"
            : $"its certificate (subject {certificate.Subject}, issuer {certificate.Issuer}) is not trusted: {Describe(errors, chain)}";
        return false;
    }

    private bool TrustedByExtraAuthorities(X509Certificate certificate, X509Chain? presented)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    private static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("it is for another host name");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() ?? [];
            reasons.Add(statuses.Count > 0 ? $"no trusted CA signed it ({string.Join(", ", statuses)})" : "no trusted CA signed it");
        }

        return reasons.Count > 0 ? string.Join("; ", reasons) : errors.ToString();
    }

    private void Import(string file, string origin)
    {
        try
        {
            var before = authorities.Count;
            authorities.ImportFromPemFile(file);
            if (authorities.Count == before)
            {
                throw new InvalidDataException($"{origin}: {file} holds no PEM certificate");
            }
        }
        catch (System.Security.Cryptography.CryptographicException error)
        {
            throw new InvalidDataException($"{origin}: {file} is not a PEM certificate file ({error.Message})", error);
        }

        Sources.Add(file);
    }
}
