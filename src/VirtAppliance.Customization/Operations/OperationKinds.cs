namespace VirtAppliance.Customization.Operations;

/// <summary>Every operation a recipe can use, in the order docs/customize.md lists them: adding one is a folder and a line here.</summary>
internal static class OperationKinds
{
    public static IReadOnlyList<OperationKind> All { get; } =
    [
        WriteOperation.Kind,
        UploadOperation.Kind,
        CopyInOperation.Kind,
        ArchiveInOperation.Kind,
        MkdirOperation.Kind,
        ChmodOperation.Kind,
        ChownOperation.Kind,
        LinkOperation.Kind,
        MoveOperation.Kind,
        DeleteOperation.Kind,
        TouchOperation.Kind,
        TruncateOperation.Kind,
        AppendLineOperation.Kind,
        EditOperation.Kind,
        PatchOperation.Kind,
        HostnameOperation.Kind,
        TimezoneOperation.Kind,
        UserOperation.Kind,
        SshInjectOperation.Kind,
        BootScriptOperation.Kind,
        ResetIdentityOperation.Kind,
    ];

    public static IEnumerable<string> Names => All.SelectMany(k => k.Names);

    public static OperationKind? Find(string name) => All.FirstOrDefault(k => k.Names.Contains(name));
}
