namespace VirtAppliance.Descriptors.Model;

/// <summary>The names of <see cref="DiskUse"/> values in descriptors and instance plans.</summary>
public static class DiskUseNames
{
    /// <summary>The descriptor's spelling of <paramref name="use"/> (system, user, scratch).</summary>
    public static string Name(DiskUse use) => use switch
    {
        DiskUse.System => "system",
        DiskUse.User => "user",
        _ => "scratch",
    };

    /// <summary>The use a name stands for, or null when it names none.</summary>
    public static DiskUse? Parse(string name) => name switch
    {
        "system" => DiskUse.System,
        "user" => DiskUse.User,
        "scratch" => DiskUse.Scratch,
        _ => null,
    };
}
