namespace VirtAppliance.Descriptors.Model;

public sealed record DeviceSettings
{
    public int Vcpus { get; init; } = 1;

    /// <summary>Memory in KiB, as virt-image wrote it.</summary>
    public long MemoryKiB { get; init; } = 262144;

    public IReadOnlyList<NetworkInterface> Interfaces { get; init; } = [];

    public bool Graphics { get; init; }
}
