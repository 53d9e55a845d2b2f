namespace VirtAppliance.Hosts.Matching;

/// <param name="Host">The capabilities source as the user named it (file, URI, or "local").</param>
/// <param name="Chosen">The 0-based index of the variant chosen for this host, or null when none runs.</param>
/// <param name="Variants">One verdict per variant, in descriptor order.</param>
/// <param name="HostNotes">What the host lacks or offers that applies to every variant.</param>
public sealed record HostMatch(string Host, int? Chosen, IReadOnlyList<VariantVerdict> Variants, IReadOnlyList<string> HostNotes)
{
    /// <summary>Every variant's reasons, one indented line each ("  0 xen-pae: needs ..."), for error messages.</summary>
    public string ReasonLines() => string.Join('\n', Variants.SelectMany(v => v.Reasons.Select(r => $"  {v.Index} {v.Id}: {r}")));
}
