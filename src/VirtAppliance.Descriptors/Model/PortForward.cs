namespace VirtAppliance.Descriptors.Model;

/// <summary>A hosted service: guest port reachable from a host port (user-mode networking).</summary>
public sealed record PortForward(string Name, int GuestPort, int? HostPort, string Protocol);
