using VirtAppliance.Building.Kickstart;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Fuzz;

/// <summary>
/// What a parser may answer to bad input: the exceptions the command maps to "invalid data" or "unsupported" (and a
/// missing file a bad input names, such as a backing file). Anything else escapes and is a finding: an undocumented
/// exception, a crash of the process (stack overflow, out of memory under the harness's heap limit) or a hang.
/// </summary>
public static class Oracle
{
    public static bool IsDocumented(Exception exception) => exception
        is InvalidDataException
        or NotSupportedException
        or DescriptorException
        or SpecException
        or RecipeException
        or SignatureException
        or FileNotFoundException
        or DirectoryNotFoundException;

    /// <summary>Runs one input; undocumented exceptions propagate to the caller (afl-fuzz sees a crash).</summary>
    public static void Run(FuzzTarget target, byte[] input, Scratch scratch)
    {
        try
        {
            target.Run(input, scratch);
        }
        catch (Exception exception) when (IsDocumented(exception))
        {
        }
    }
}
