using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Pipeline;

namespace VirtAppliance.Building;

/// <summary>A kickstart build spec, read and checked, ready to build: what the project offers beyond itself.</summary>
public sealed class KickstartBuild
{
    private readonly BuildSpec spec;

    private KickstartBuild(BuildSpec spec) => this.spec = spec;

    /// <summary>Reads and checks SPEC.ks; <see cref="SpecException"/> names the file and line of a problem.</summary>
    public static KickstartBuild Load(string specFile) => new(KickstartParser.Load(specFile));

    /// <summary>The files a build with these options writes (the disks and the descriptor).</summary>
    public IReadOnlyList<string> PlannedOutputs(BuildOptions options) => ApplianceBuilder.PlannedOutputs(spec, options);

    public BuildResult Build(BuildOptions options, IBuildReporter reporter, CancellationToken cancellationToken) =>
        ApplianceBuilder.Build(spec, options, reporter, cancellationToken);
}
