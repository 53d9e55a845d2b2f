using System.CommandLine;
using VirtAppliance.Repository.Oci.Access;

namespace VirtAppliance.Cli.Repositories;

/// <summary>--creds, --authfile, --ca-file and --tls-verify: how OCI registries are reached (skopeo's option names).</summary>
internal sealed class RegistryOptions
{
    public Option<string?> Creds { get; } = new("--creds") { Description = "USER:PASSWORD for an OCI registry (instead of an auth file; visible to other users in the process list, prefer 'registry login')" };

    public Option<string?> AuthFile { get; } = new("--authfile") { Description = "Registry auth file (auth.json or docker config.json) looked at before $REGISTRY_AUTH_FILE and the standard places" };

    public Option<string?> CaFile { get; } = new("--ca-file") { Description = "CA certificates (PEM) trusted for OCI registries besides the system's and /etc/containers/certs.d/HOST:PORT/*.crt" };

    public Option<bool> TlsVerify { get; } = new("--tls-verify")
    {
        Description = "Check registries' TLS certificates (--tls-verify=false: accept any, and plain HTTP; warned each time)",
        DefaultValueFactory = _ => true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Creds);
        command.Options.Add(AuthFile);
        command.Options.Add(CaFile);
        command.Options.Add(TlsVerify);
    }

    public RegistrySettings Read(ParseResult result, Output.CommandOutput output) => new()
    {
        Credentials = result.GetValue(Creds) is { } creds ? RegistryCredential.Parse(creds, "--creds") : null,
        AuthFile = result.GetValue(AuthFile),
        CaFile = result.GetValue(CaFile),
        TlsVerify = result.GetValue(TlsVerify),
        Warn = message => output.Error.WriteLine($"virt-appliance: warning: {message}"),
    };
}
