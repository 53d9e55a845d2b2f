using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Fuzz;

/// <summary>A fixed key pair of the harness (a test key, worth nothing): seeds are signed with it, so mutations reach the signature check.</summary>
public static class FuzzKeys
{
    public const string PrivatePem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgFMFy5C/L+p9pDkNO
        2gJ1hMEmi6ii7gXDCYHPW1HcbZ2hRANCAASIYlPW8JCmeY1j2/7tiF49OVqki50+
        Fb5XtSbibtrrQqjsZmOFR2zJkEnOTKu7BWtCeveoDXpBuEEfRZXY+mLj
        -----END PRIVATE KEY-----
        """;

    public const string PublicPem = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiGJT1vCQpnmNY9v+7YhePTlapIud
        PhW+V7Um4m7a60Ko7GZjhUdsyZBJzkyruwVrQnr3qA16QbhBH0WV2Ppi4w==
        -----END PUBLIC KEY-----
        """;

    public static TrustedKey Trusted { get; } = TrustedKey.FromPem(PublicPem, "the harness's key");
}
