namespace VirtAppliance.Customization.Operations;

/// <summary>An operation that changes a Linux system (its names, accounts, boot): not for FAT filesystems.</summary>
public abstract record SystemOperation(int Line) : Operation(Line)
{
    internal override string? FatRefusal(string filesystem) =>
        $"it changes a Linux system, and this is a {filesystem} filesystem (give --partition for the root filesystem)";
}
