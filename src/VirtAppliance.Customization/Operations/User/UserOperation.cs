using VirtAppliance.Customization.Operations;
using System.Text.Json.Nodes;
using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Customization.Operations;

/// <summary>user: an account created or updated (password, groups, shell, uid, home, ssh keys).</summary>
public sealed record UserOperation(int Line, string User, string? Password, bool PasswordIsCrypted, IReadOnlyList<string> Groups,
    string? Shell, int? Uid, string? Home, IReadOnlyList<string> SshKeys) : SystemOperation(Line)
{
    internal static OperationKind Kind { get; } = new(["user"], Read);

    public override string Name => "user";

    internal override void Apply(RecipeApplier guest) => guest.AddUser(this);

    internal override void AddTo(SeedBuilder seed)
    {
        var entry = new JsonObject { ["name"] = User, ["lock_passwd"] = Password is null };
        if (Groups.Count > 0)
        {
            entry["groups"] = string.Join(',', Groups);
        }

        if (Shell is not null)
        {
            entry["shell"] = Shell;
        }

        if (Uid is { } uid)
        {
            entry["uid"] = uid;
        }

        if (Password is { } password)
        {
            entry["hashed_passwd"] = PasswordIsCrypted ? password : Sha512Crypt.Hash(password, Sha512Crypt.RandomSalt());
        }

        if (SshKeys.Count > 0)
        {
            entry["ssh_authorized_keys"] = new JsonArray([.. SshKeys.Select(k => (JsonNode)k)]);
        }

        seed.Users.Add((JsonNode)entry);
    }

    private static UserOperation Read(Recipes.OperationFields f)
    {
        var crypted = f.Optional("crypted-password");
        var plain = f.Optional("password");
        if (crypted is not null && plain is not null)
        {
            throw f.Error("give 'password' or 'crypted-password', not both");
        }

        return new UserOperation(f.Line, f.UserName(f.Required("name")), crypted ?? plain, crypted is not null, f.List("groups"), f.OptionalGuestPath("shell"),
            f.OptionalId("uid"), f.OptionalGuestPath("home"), f.List("ssh-keys"));
    }
}
