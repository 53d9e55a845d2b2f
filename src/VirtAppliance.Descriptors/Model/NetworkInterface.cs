namespace VirtAppliance.Descriptors.Model;

/// <summary>A network interface; legacy files give only the count (empty &lt;interface/&gt; elements).</summary>
public sealed record NetworkInterface(string? Model, IReadOnlyList<PortForward> Forwards);
