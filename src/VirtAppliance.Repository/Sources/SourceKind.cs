namespace VirtAppliance.Repository.Sources;

/// <summary>A kind of repository location: what its locations look like, and how a source for one is opened.</summary>
/// <param name="Form">the form users write, for messages ("oci://HOST[:PORT][/PREFIX]")</param>
public sealed record SourceKind(string Form, Func<string, bool> Matches, Func<RepositorySource, SourceSettings, IApplianceSource> Open);
