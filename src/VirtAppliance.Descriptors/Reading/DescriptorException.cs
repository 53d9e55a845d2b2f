namespace VirtAppliance.Descriptors.Reading;

/// <summary>A descriptor that cannot be used; every problem found is listed, each with file:line:column.</summary>
public sealed class DescriptorException(IReadOnlyList<DescriptorProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems.Where(p => !p.IsWarning)))
{
    /// <summary>Every problem found, errors and warnings.</summary>
    public IReadOnlyList<DescriptorProblem> Problems { get; } = problems;
}
