using System.Security.Authentication;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>A registry (or its token service) whose TLS certificate is not trusted: names the host, the certificate and where trust comes from.</summary>
public sealed class RegistryCertificateException(string host, string refusal, IReadOnlyList<string> extraAuthorities, Exception inner)
    : AuthenticationException(
        $"{host}: {refusal}. Trusted here: the system's CAs{(extraAuthorities.Count > 0 ? ", " + string.Join(", ", extraAuthorities) : "")}; "
        + $"add the registry's CA with --ca-file FILE or as /etc/containers/certs.d/{host}/ca.crt (or --tls-verify=false, insecure)",
        inner);
