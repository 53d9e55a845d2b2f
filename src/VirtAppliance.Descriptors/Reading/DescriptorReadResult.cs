using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Descriptors.Reading;

/// <summary>The descriptor (null when it could not be built) and every problem found on the way.</summary>
public sealed record DescriptorReadResult(ApplianceDescriptor? Descriptor, IReadOnlyList<DescriptorProblem> Problems)
{
    public bool HasErrors => Descriptor is null || Problems.Any(p => !p.IsWarning);
}
