namespace VirtAppliance.Building.Kickstart;

/// <summary>A build spec that cannot be built as written; names the file and line.</summary>
public sealed class SpecException(string file, int line, string message)
    : Exception(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
