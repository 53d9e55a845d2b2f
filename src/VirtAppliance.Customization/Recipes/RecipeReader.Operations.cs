using VirtAppliance.Customization.Operations;

namespace VirtAppliance.Customization.Recipes;

public static partial class RecipeReader
{
    private static Operation ReadOperation(OperationFields f) =>
        OperationKinds.Find(f.Name)?.Read(f)
        ?? throw f.Error($"unknown operation (docs/customize.md lists them: {string.Join(", ", OperationKinds.Names)})");
}
