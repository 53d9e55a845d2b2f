using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Descriptors.Reading;

/// <summary>The descriptor (null when it could not be built) and every problem found on the way.</summary>
public sealed record DescriptorReadResult(ApplianceDescriptor? Descriptor, IReadOnlyList<DescriptorProblem> Problems)
{
    /// <summary>Whether the descriptor could not be read or has an error (warnings alone do not count).</summary>
    public bool HasErrors => Descriptor is null || Problems.Any(p => !p.IsWarning);
}
