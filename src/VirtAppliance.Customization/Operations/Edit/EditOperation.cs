using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>
/// edit: a regular expression replaced in a file, line by line (^ and $ match at each line). Patterns run without
/// backtracking, so their time grows linearly with the file whatever the pattern; constructs that need backtracking
/// (backreferences, lookarounds, atomic groups) are refused when the recipe is read.
/// </summary>
public sealed record EditOperation(int Line, string Path, string Pattern, string Replacement) : Operation(Line)
{
    private const System.Text.RegularExpressions.RegexOptions Options =
        System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.NonBacktracking;

    internal static OperationKind Kind { get; } = new(["edit"],
        f => new EditOperation(f.Line, f.GuestPath("path"), Checked(f, f.Required("pattern")), f.Required("replacement", strict: false)));

    public override string Name => "edit";

    internal override void Apply(RecipeApplier guest)
    {
        var text = System.Text.Encoding.UTF8.GetString(guest.ReadExisting(Path));
        var edited = new System.Text.RegularExpressions.Regex(Pattern, Options).Replace(text, Replacement);
        if (edited != text)
        {
            guest.Rewrite(Path, System.Text.Encoding.UTF8.GetBytes(edited));
        }
    }

    private static string Checked(Recipes.OperationFields f, string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, Options);
            return pattern;
        }
        catch (NotSupportedException exception)
        {
            throw f.Error($"pattern uses a construct that needs backtracking, which edit does not run (its time could grow without bound): {exception.Message}");
        }
        catch (ArgumentException exception)
        {
            throw f.Error($"pattern is not a valid regular expression: {exception.Message}");
        }
    }
}
