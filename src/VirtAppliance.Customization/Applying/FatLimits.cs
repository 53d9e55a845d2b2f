using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Applying;

/// <summary>
/// What a recipe cannot do on a filesystem without owners, Unix modes or symbolic links (FAT): such operations are
/// refused, by line, before the first one is applied.
/// </summary>
internal static class FatLimits
{
    public static string? Refusal(Operation operation, string filesystem) => operation switch
    {
        ChmodOperation or ChownOperation => $"a {filesystem} filesystem keeps no Unix modes or owners",
        LinkOperation => $"a {filesystem} filesystem has no symbolic links",
        WriteOperation { Attributes: var a } when Asks(a) => KeepsNoAttributes(filesystem),
        UploadOperation { Attributes: var a } when Asks(a) => KeepsNoAttributes(filesystem),
        MkdirOperation { Attributes: var a } when Asks(a) => KeepsNoAttributes(filesystem),
        HostnameOperation or TimezoneOperation or UserOperation or SshInjectOperation or BootScriptOperation or ResetIdentityOperation =>
            $"it changes a Linux system, and this is a {filesystem} filesystem (give --partition for the root filesystem)",
        _ => null,
    };

    private static bool Asks(FileSettings attributes) => attributes.Mode is not null || attributes.Owner is not null;

    private static string KeepsNoAttributes(string filesystem) => $"mode and owner cannot be kept on a {filesystem} filesystem; leave them out";
}
