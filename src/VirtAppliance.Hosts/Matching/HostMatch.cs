namespace VirtAppliance.Hosts.Matching;

/// <param name="Host">The capabilities source as the user named it (file, URI, or "local").</param>
/// <param name="Chosen">The 0-based index of the variant chosen for this host, or null when none runs.</param>
/// <param name="Variants">One verdict per variant, in descriptor order.</param>
public sealed record HostMatch(string Host, int? Chosen, IReadOnlyList<VariantVerdict> Variants, IReadOnlyList<string> HostNotes);
