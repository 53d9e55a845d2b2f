namespace VirtAppliance.Customization.Recipes;

/// <summary>
/// A recipe that cannot be applied as written, or an operation that failed; names the recipe file and line. A recipe
/// with several problems gets one exception listing each (its <see cref="Line"/> is the first one's).
/// </summary>
public sealed class RecipeException : Exception
{
    public RecipeException(string file, int line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
        Line = line;
    }

    public RecipeException(IReadOnlyList<RecipeException> problems)
        : base(string.Join('\n', problems.Select(p => p.Message)))
    {
        Line = problems[0].Line;
    }

    public int Line { get; }
}
