namespace VirtAppliance.Descriptors.Reading;

/// <summary>One problem found in a descriptor, at a file:line:column.</summary>
public sealed record DescriptorProblem(string File, int Line, int Column, string Message, bool IsWarning = false)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}: {(IsWarning ? "warning" : "error")}: {Message}";
}
