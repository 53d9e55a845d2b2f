namespace VirtAppliance.Building.Kickstart;

internal static partial class KickstartParser
{
    private static void ReadAppliance(ParseState state, int number, string[] body)
    {
        var settings = state.Appliance;
        var diskSizes = new Dictionary<string, long>(settings.DiskSizesMiB);
        for (var i = 0; i < body.Length; i++)
        {
            var line = number + 1 + i;
            Exception Error(string message) => state.Error(line, message);
            var words = SpecTokenizer.Split(body[i].Trim(), Error);
            if (words.Count == 0)
            {
                continue;
            }

            var key = words[0];
            var values = words.Skip(1).ToList();
            string One() => values.Count == 1 ? values[0] : throw Error($"{key} takes one value");
            long Number(long minimum, long maximum) =>
                long.TryParse(One(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
                    ? value
                    : throw Error($"{key} {values[0]}: expected a whole number from {minimum} to {maximum}");

            settings = key switch
            {
                "name" => settings with { Name = CheckName(One(), Error) },
                "version" => settings with { Version = CheckVersion(One(), Error) },
                "release" => settings with { Release = CheckVersion(One(), Error) },
                "label" => settings with { Label = One() },
                "description" => settings with { Description = One() },
                "vcpus" => settings with { Vcpus = (int)Number(1, 256) },
                "memory" => settings with { MemoryMiB = Number(16, 1 << 22) },
                "arch" => settings with { Arch = One() is "x86_64" or "amd64" ? "x86_64" : throw Error($"arch {values[0]}: only x86_64 appliances are built so far") },
                "firmware" => settings with { Firmware = ReadFirmware(values, Error) },
                "root" => settings with { Root = ReadRoot(values, line, Error) },
                "kernel" => settings with { KernelPackage = DebianPackageName().IsMatch(One()) ? values[0] : throw Error($"'{values[0]}' is not a Debian package name") },
                "format" => settings with { Format = One() },
                "compression" => settings with { Compression = One() is "zlib" or "zstd" or "none" ? values[0] : throw Error("compression takes zlib, zstd or none") },
                "disk" => settings with { DiskSizesMiB = ReadDiskSize(values, diskSizes, Error) },
                _ => throw Error($"unknown %appliance setting '{key}' (name, version, release, label, description, vcpus, memory, arch, firmware, root, kernel, format, compression, disk)"),
            };
        }

        state.Appliance = settings;
    }

    private static IReadOnlyList<Firmware> ReadFirmware(List<string> values, Func<string, Exception> error)
    {
        if (values.Count == 0)
        {
            throw error("firmware takes bios, efi, or both");
        }

        var firmware = values.Select(value => value switch
        {
            "bios" => Firmware.Bios,
            "efi" or "uefi" => Firmware.Efi,
            _ => throw error($"firmware {value}: use bios or efi"),
        }).Distinct().ToList();
        return firmware;
    }

    private static RootSource ReadRoot(List<string> values, int line, Func<string, Exception> error)
    {
        if (values.Count == 0)
        {
            throw error("root takes busybox, directory PATH, tar PATH or debian SUITE [--mirror URL] [--variant V]");
        }

        var rest = values.Skip(1).ToList();
        switch (values[0])
        {
            case "busybox" when rest.Count == 0:
                return new BusyboxRootSource(line);
            case "directory" when rest.Count == 1:
                return new DirectoryRootSource(line, rest[0]);
            case "tar" when rest.Count == 1:
                return new TarRootSource(line, rest[0]);
            case "debian":
                var options = CommandWords.Parse("root debian", rest, ["mirror", "variant"], [], error);
                if (options.Positional.Count != 1 || !Suite().IsMatch(options.Positional[0]))
                {
                    throw error("root debian takes one suite name (bookworm, stable, ...)");
                }

                var variant = options.Value("variant") ?? "minbase";
                if (variant is not ("minbase" or "required" or "important" or "standard"))
                {
                    throw error($"--variant {variant}: use minbase, required, important or standard");
                }

                return new DebianRootSource(line, options.Positional[0], options.Value("mirror"), variant);
            default:
                throw error($"root {string.Join(' ', values)}: use busybox, directory PATH, tar PATH or debian SUITE");
        }
    }

    private static Dictionary<string, long> ReadDiskSize(List<string> values, Dictionary<string, long> sizes, Func<string, Exception> error)
    {
        var options = CommandWords.Parse("disk", values, ["size"], [], error);
        if (options.Positional.Count != 1 || !DiskName().IsMatch(options.Positional[0]))
        {
            throw error("disk takes a disk name and --size MiB");
        }

        sizes[options.Positional[0]] = options.Number("size", 1, MaxPartitionMiB) ?? throw error("disk needs --size MiB");
        return sizes;
    }

    private static string CheckName(string name, Func<string, Exception> error) =>
        ApplianceName().IsMatch(name) ? name : throw error($"name '{name}': use letters, digits, '.', '_' and '-' (it names the output files)");

    private static string CheckVersion(string version, Func<string, Exception> error) =>
        VersionText().IsMatch(version) ? version : throw error($"'{version}': use letters, digits, '.', '_', '+' and '-'");

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex ApplianceName();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex VersionText();

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial System.Text.RegularExpressions.Regex Suite();
}
