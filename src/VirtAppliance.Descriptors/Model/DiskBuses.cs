namespace VirtAppliance.Descriptors.Model;

/// <summary>Guest disk buses and target names: hd* IDE, sd* SATA, vd* virtio, xvd* Xen.</summary>
public static class DiskBuses
{
    private static readonly (string Prefix, string Bus)[] Prefixes = [("xvd", "xen"), ("hd", "ide"), ("sd", "sata"), ("vd", "virtio")];

    /// <summary>The bus a drive target implies: hd → ide, sd → scsi, vd → virtio, xvd → xen.</summary>
    public static string FromTarget(string target) =>
        TryFromTarget(target) ?? throw new InvalidDataException($"disk target '{target}' names no known bus (use hd*, sd*, vd* or xvd*)");

    /// <summary>The bus a target name implies; null when its prefix is none of hd, sd, vd, xvd.</summary>
    public static string? TryFromTarget(string target) =>
        Prefixes.FirstOrDefault(p => target.StartsWith(p.Prefix, StringComparison.Ordinal)).Bus;

    /// <summary>The target prefix of <paramref name="bus"/> (virtio → vd).</summary>
    public static string PrefixOf(string bus) => bus switch
    {
        "xen" => "xvd",
        "ide" => "hd",
        "sata" or "scsi" or "usb" => "sd",
        "virtio" => "vd",
        _ => throw new NotSupportedException($"disk bus '{bus}' is not supported (virtio, sata, scsi, ide, xen)"),
    };

    /// <summary>The n-th device name for a prefix: vda, vdb, ... vdz, vdaa.</summary>
    public static string Name(string prefix, int index)
    {
        var suffix = "";
        var n = index;
        do
        {
            suffix = (char)('a' + (n % 26)) + suffix;
            n = (n / 26) - 1;
        }
        while (n >= 0);
        return prefix + suffix;
    }

    /// <summary>The letters after the bus prefix, as a 0-based index (vdc → 2); null when the name has none.</summary>
    public static int? IndexOf(string target)
    {
        var prefix = Prefixes.FirstOrDefault(p => target.StartsWith(p.Prefix, StringComparison.Ordinal)).Prefix;
        if (prefix is null || target.Length == prefix.Length || !target[prefix.Length..].All(char.IsAsciiLetterLower))
        {
            return null;
        }

        var index = 0;
        foreach (var letter in target[prefix.Length..])
        {
            index = (index * 26) + (letter - 'a' + 1);
        }

        return index - 1;
    }
}
