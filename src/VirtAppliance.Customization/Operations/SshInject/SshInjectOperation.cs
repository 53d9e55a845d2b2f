using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>ssh-inject: public keys added (once each) to a user's authorized_keys.</summary>
public sealed record SshInjectOperation(int Line, string User, IReadOnlyList<string> Keys) : SystemOperation(Line)
{
    internal static OperationKind Kind { get; } = new(["ssh-inject"], f => new SshInjectOperation(f.Line, f.UserName(f.Optional("user") ?? "root"),
        [.. f.List("keys"), .. f.Optional("key-file") is { } keyFile ? [f.HostText(keyFile).Trim()] : Array.Empty<string>()]));

    public override string Name => "ssh-inject";

    internal override void Apply(RecipeApplier guest) => guest.InjectKeys(User, Keys);

    internal override void AddTo(SeedBuilder seed)
    {
        var user = SeedBuilder.Quote(User);
        foreach (var key in Keys.Select(SeedBuilder.Quote))
        {
            seed.Run($"h=$(getent passwd {user} | cut -d: -f6) && install -d -m 700 -o {user} \"$h/.ssh\" && " +
                $"(grep -qxF {key} \"$h/.ssh/authorized_keys\" 2>/dev/null || echo {key} >> \"$h/.ssh/authorized_keys\") && " +
                $"chown {user} \"$h/.ssh/authorized_keys\" && chmod 600 \"$h/.ssh/authorized_keys\"");
        }
    }
}
