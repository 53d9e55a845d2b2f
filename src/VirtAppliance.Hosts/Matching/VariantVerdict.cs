namespace VirtAppliance.Hosts.Matching;

/// <summary>Whether one boot variant runs on one host, how, and why (or why not), in words a user understands.</summary>
public sealed record VariantVerdict(int Index, string Id, RunVerdict Verdict, string? DomainType, string? GuestArch, IReadOnlyList<string> Reasons)
{
    public bool Runs => Verdict != RunVerdict.DoesNotRun;

    public bool Emulated => Verdict == RunVerdict.RunsEmulated;
}
