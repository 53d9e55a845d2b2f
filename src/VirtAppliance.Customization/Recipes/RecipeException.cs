namespace VirtAppliance.Customization.Recipes;

/// <summary>A recipe that cannot be applied as written, or an operation that failed; names the recipe file and line.</summary>
public sealed class RecipeException(string file, int line, string message)
    : Exception(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
{
    public int Line { get; } = line;
}
