namespace VirtAppliance.Hosts.Capabilities;

/// <summary>A guest feature with libvirt's default (on/off) and whether it may be toggled.</summary>
public sealed record ToggleFeature(bool DefaultOn, bool Toggle);
