namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// The errors a refused registry request becomes, each naming the registry, the scope, and the credentials' origin or
/// where they were looked for — never a credential itself.
/// </summary>
internal sealed class AccessRefusals(string host, Func<CredentialSearch> search)
{
    public string Host { get; } = host;

    public UnauthorizedAccessException NoCredentials(string what) =>
        new($"{Host}: the registry requires a login for {what}, and no credentials for {Host} were found (looked in: {string.Join(", ", search().Searched)}); "
            + $"run 'virt-appliance registry login {Host}', or pass --creds USER:PASSWORD or --authfile FILE");

    public UnauthorizedAccessException CredentialsRefused(RegistryCredential credential) =>
        new($"{Host}: the registry refused {Whose(credential)} (wrong user or password?); run 'virt-appliance registry login {Host}' again");

    public UnauthorizedAccessException TokenServiceRefused(Uri realm, RegistryCredential? credential) =>
        credential is null
            ? NoCredentials($"a token from {realm.GetLeftPart(UriPartial.Path)}")
            : new($"{Host}: the token service {realm.GetLeftPart(UriPartial.Path)} refused {Whose(credential)} "
                  + $"({(credential.IsIdentityToken ? "expired or revoked" : "wrong user or password?")}); run 'virt-appliance registry login {Host}' again");

    public UnauthorizedAccessException TokenRefused(string? scope) =>
        new($"{Host}: the registry refused a fresh token{(scope is null ? "" : $" for '{scope}'")} (expired on arrival or not meant for this registry: "
            + "check that the clocks of this machine, the registry and its token service agree, and the service's issuer and audience)");

    /// <summary>"the credentials of 'USER' from ORIGIN", or "the identity token from ORIGIN".</summary>
    private static string Whose(RegistryCredential credential) =>
        credential.IsIdentityToken ? $"the identity token from {credential.Origin}" : $"the credentials of '{credential.Username}' from {credential.Origin}";

    public UnauthorizedAccessException Denied(string? scope, RegistryCredential? credential, string by) =>
        new($"{Host}: {by} denied {(scope is null ? "access" : $"'{scope}'")} to {(credential is null ? "anonymous users" : $"'{credential.Username}' (from {credential.Origin})")}: "
            + "the account lacks that permission (pushing needs push rights on the repository)");
}
