using System.Text;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>A user name and its password (or, as docker credential helpers say with the user "&lt;token&gt;", an identity token), and where it was found.</summary>
public sealed record RegistryCredential(string Username, string Secret, string Origin)
{
    /// <summary>The user name docker credential helpers give for an identity (refresh) token.</summary>
    public const string IdentityTokenUser = "<token>";

    public bool IsIdentityToken => Username == IdentityTokenUser;

    /// <summary>The value of an HTTP Basic Authorization header.</summary>
    public string BasicValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Secret}"));

    /// <summary>USER:PASSWORD, as --creds and the auth files' "auth" field (base64) hold it.</summary>
    public static RegistryCredential Parse(string userColonSecret, string origin)
    {
        var colon = userColonSecret.IndexOf(':');
        if (colon <= 0)
        {
            throw new ArgumentException($"{origin}: expected USER:PASSWORD");
        }

        return new RegistryCredential(userColonSecret[..colon], userColonSecret[(colon + 1)..], origin);
    }

    /// <summary>Never the secret: records print every property otherwise.</summary>
    public override string ToString() => $"{Username} (from {Origin})";
}
