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
            settings = key switch
            {
                "name" => settings with { Name = CheckName(One(), Error) },
                "version" => settings with { Version = CheckVersion(One(), Error) },
                "release" => settings with { Release = CheckVersion(One(), Error) },
                "label" => settings with { Label = One() },
                "description" => settings with { Description = One() },
                "vcpus" => ReadVcpus(settings, values, Error),
                "memory" => ReadMemory(settings, values, Error),
                "hotplug" => ReadHotplug(settings, values, Error),
                "machine" => settings with { Machine = One() is "pc" or "q35" ? values[0] : throw Error($"machine {values[0]}: use pc (i440fx) or q35") },
                "arch" => settings with { Arch = One() is "x86_64" or "amd64" ? "x86_64" : throw Error($"arch {values[0]}: only x86_64 appliances are built so far") },
                "firmware" => settings with { Firmware = ReadFirmware(values, Error) },
                "root" => settings with { Root = ReadRoot(values, line, Error) },
                "kernel" => settings with { KernelPackage = DebianPackageName().IsMatch(One()) ? values[0] : throw Error($"'{values[0]}' is not a Debian package name") },
                "format" => settings with { Format = One() },
                "compression" => settings with { Compression = One() is "zlib" or "zstd" or "none" ? values[0] : throw Error("compression takes zlib, zstd or none") },
                "disk" => settings with { DiskSizesMiB = ReadDiskSize(values, diskSizes, Error) },
                _ => throw Error($"unknown %appliance setting '{key}' (name, version, release, label, description, vcpus, memory, hotplug, machine, arch, firmware, root, kernel, format, compression, disk)"),
            };
        }

        state.Appliance = settings;
    }

    /// <summary><c>vcpus N [--max M]</c>: M vCPUs may be added while the appliance runs.</summary>
    private static ApplianceSettings ReadVcpus(ApplianceSettings settings, List<string> values, Func<string, Exception> error)
    {
        var (count, maximum) = CountWithMaximum("vcpus", values, 1, 256, error);
        return settings with { Vcpus = (int)count, MaxVcpus = (int?)maximum };
    }

    /// <summary><c>memory MiB [--max MiB]</c>: memory may be hot-added up to the maximum.</summary>
    private static ApplianceSettings ReadMemory(ApplianceSettings settings, List<string> values, Func<string, Exception> error)
    {
        var (count, maximum) = CountWithMaximum("memory", values, 16, 1 << 22, error);
        return settings with { MemoryMiB = count, MaxMemoryMiB = maximum };
    }

    private static (long Count, long? Maximum) CountWithMaximum(string key, List<string> values, long minimum, long maximum, Func<string, Exception> error)
    {
        if (values.Count is not (1 or 3) || (values.Count == 3 && values[1] != "--max"))
        {
            throw error($"{key} takes a number, optionally followed by --max NUMBER");
        }

        var count = WholeNumber(key, values[0], minimum, maximum, error);
        var most = values.Count == 3 ? WholeNumber($"{key} --max", values[2], count, maximum, error) : (long?)null;
        return (count, most);
    }

    /// <summary><c>hotplug [--disks N] [--nics N]</c>: room for disks and network cards added while the appliance runs.</summary>
    private static ApplianceSettings ReadHotplug(ApplianceSettings settings, List<string> values, Func<string, Exception> error)
    {
        if (values.Count is not (2 or 4))
        {
            throw error("hotplug takes --disks N, --nics N or both");
        }

        for (var i = 0; i < values.Count; i += 2)
        {
            settings = values[i] switch
            {
                "--disks" => settings with { HotplugDisks = (int)WholeNumber("hotplug --disks", values[i + 1], 0, 16, error) },
                "--nics" => settings with { HotplugNics = (int)WholeNumber("hotplug --nics", values[i + 1], 0, 16, error) },
                _ => throw error($"hotplug {values[i]}: use --disks N or --nics N"),
            };
        }

        return settings;
    }

    private static long WholeNumber(string key, string text, long minimum, long maximum, Func<string, Exception> error) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw error($"{key} {text}: expected a whole number from {minimum} to {maximum}");

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
