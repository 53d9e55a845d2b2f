namespace VirtAppliance.Hosts.Matching;

/// <summary>Whether one boot variant runs on one host, how, and why (or why not), in words a user understands.</summary>
public sealed record VariantVerdict(int Index, string Id, RunVerdict Verdict, string? DomainType, string? GuestArch, IReadOnlyList<string> Reasons)
{
    /// <summary>Whether the variant runs, accelerated or emulated.</summary>
    public bool Runs => Verdict != RunVerdict.DoesNotRun;

    /// <summary>Whether it runs only emulated (TCG).</summary>
    public bool Emulated => Verdict == RunVerdict.RunsEmulated;
}
