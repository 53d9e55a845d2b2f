using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Operations;

/// <summary>The names a recipe uses for an operation, and how its fields are read.</summary>
internal sealed record OperationKind(IReadOnlyList<string> Names, Func<OperationFields, Operation> Read);
