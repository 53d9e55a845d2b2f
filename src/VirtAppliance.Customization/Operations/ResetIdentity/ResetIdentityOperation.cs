using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>reset-identity: what virt-sysprep resets for clones (machine id, ssh host keys, random seeds).</summary>
public sealed record ResetIdentityOperation(int Line) : SystemOperation(Line)
{
    internal static OperationKind Kind { get; } = new(["reset-identity"], f => new ResetIdentityOperation(f.Line));

    public override string Name => "reset-identity";

    internal override void Apply(RecipeApplier guest) => guest.ResetIdentity();

    /// <summary>A new instance-id already makes cloud-init treat the guest as a new instance.</summary>
    internal override void AddTo(SeedBuilder seed)
    {
    }
}
