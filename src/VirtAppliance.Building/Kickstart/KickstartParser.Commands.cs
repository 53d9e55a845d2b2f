namespace VirtAppliance.Building.Kickstart;

internal static partial class KickstartParser
{
    /// <summary>A partition larger than this (16 TiB) is a typo, not an appliance.</summary>
    private const long MaxPartitionMiB = 16L << 20;

    private static PartitionSpec ReadPartition(ParseState state, int number, string command, List<string> arguments)
    {
        var options = CommandWords.Parse(command, arguments,
            ["size", "maxsize", "fstype", "label", "ondisk", "ondrive", "fsoptions"], ["grow", "asprimary"],
            message => state.Error(number, message));
        if (options.Positional.Count != 1)
        {
            throw state.Error(number, $"{command} takes one mount point (/, /boot, swap, ...), not {options.Positional.Count}");
        }

        var mountPoint = options.Positional[0];
        var fstypeName = options.Value("fstype") ?? (mountPoint == "swap" ? "swap" : mountPoint == "biosboot" ? "biosboot" : null)
            ?? throw state.Error(number, $"{command} {mountPoint} needs --fstype (ext2, ext3, ext4, vfat, efi, biosboot or swap)");
        var fstype = FilesystemTypes.Parse(fstypeName)
            ?? throw state.Error(number, $"unknown --fstype {fstypeName} (supported: ext2, ext3, ext4, vfat, efi, biosboot, swap)");
        if (fstype is FilesystemType.Swap or FilesystemType.BiosBoot)
        {
            mountPoint = fstype == FilesystemType.Swap ? "swap" : "biosboot";
        }
        else if (!mountPoint.StartsWith('/') || mountPoint.Split('/').Any(part => part is ".." or "."))
        {
            throw state.Error(number, $"mount point '{mountPoint}' must be an absolute path without . or .. (or swap)");
        }

        var grow = options.Has("grow");
        var size = options.Number("size", 1, MaxPartitionMiB) ?? (grow ? 1 : throw state.Error(number, $"{command} {mountPoint} needs --size MiB"));
        var maxSize = options.Number("maxsize", 1, MaxPartitionMiB);
        if (maxSize < size)
        {
            throw state.Error(number, $"--maxsize {maxSize} is smaller than --size {size}");
        }

        var label = options.Value("label");
        var labelLimit = fstype.IsFat() ? 11 : 16;
        if (label is not null && (label.Length == 0 || label.Length > labelLimit || label.Any(c => c < 0x20 || c > 0x7e || c is '"' or '/' or '\\')))
        {
            throw state.Error(number, $"--label '{label}': use 1 to {labelLimit} printable ASCII characters for {fstypeName}");
        }

        var disk = options.Value("ondisk") ?? options.Value("ondrive") ?? "sda";
        if (!DiskName().IsMatch(disk))
        {
            throw state.Error(number, $"disk name '{disk}' must be letters, digits, - or _ (it becomes part of a file name)");
        }

        return new PartitionSpec
        {
            Line = number,
            MountPoint = mountPoint.Length > 1 ? mountPoint.TrimEnd('/') : mountPoint,
            SizeMiB = size,
            Grow = grow,
            MaxSizeMiB = maxSize,
            Filesystem = fstype,
            Label = label,
            Disk = disk,
            FsOptions = options.Value("fsoptions"),
        };
    }

    private static string ReadClearpart(ParseState state, int number, List<string> arguments)
    {
        var options = CommandWords.Parse("clearpart", arguments, ["disklabel", "drives"], ["all", "initlabel", "linux", "none"],
            message => state.Error(number, message));
        var label = options.Value("disklabel") ?? "msdos";
        return label switch
        {
            "gpt" or "msdos" => label,
            "mbr" or "dos" => "msdos",
            _ => throw state.Error(number, $"--disklabel {label}: use gpt or msdos"),
        };
    }

    private static void ReadBootloader(ParseState state, int number, List<string> arguments)
    {
        var options = CommandWords.Parse("bootloader", arguments, ["append", "timeout", "location", "boot-drive", "driveorder", "loader"], ["leavebootorder", "extlinux"],
            message => state.Error(number, message));
        if (options.Value("location") is { } location && location is not ("mbr" or "partition" or "none"))
        {
            throw state.Error(number, $"--location {location}: use mbr, partition or none");
        }

        state.BiosLoader = (options.Value("loader"), options.Has("extlinux")) switch
        {
            (null, _) or ("syslinux" or "extlinux", _) => BiosLoader.Syslinux,
            ("grub" or "grub2", false) => BiosLoader.Grub,
            ("grub" or "grub2", true) => throw state.Error(number, "--loader grub and --extlinux contradict each other: keep one"),
            (var other, _) => throw state.Error(number, $"--loader {other}: use grub or syslinux"),
        };
        state.BootloaderLine = number;
        state.BootloaderAppend = options.Value("append");
        state.BootloaderTimeoutSeconds = (int)(options.Number("timeout", 0, 600) ?? state.BootloaderTimeoutSeconds);
    }

    private static PasswordSpec? ReadRootPassword(ParseState state, int number, List<string> arguments)
    {
        var options = CommandWords.Parse("rootpw", arguments, [], ["iscrypted", "plaintext", "lock", "allow-ssh"],
            message => state.Error(number, message));
        if (options.Has("lock") && options.Positional.Count == 0)
        {
            return null;
        }

        if (options.Positional.Count != 1)
        {
            throw state.Error(number, "rootpw takes one password (quote it if it has spaces), or --lock");
        }

        return ReadPassword(state, number, options.Positional[0], options.Has("iscrypted"));
    }

    private static UserSpec ReadUser(ParseState state, int number, List<string> arguments)
    {
        var options = CommandWords.Parse("user", arguments, ["name", "groups", "homedir", "password", "shell", "uid", "gid", "gecos"],
            ["iscrypted", "plaintext", "lock"], message => state.Error(number, message));
        var name = options.Value("name") ?? throw state.Error(number, "user needs --name");
        if (!VirtAppliance.Filesystems.Guests.SystemNames.IsUserName(name))
        {
            throw state.Error(number, $"user name '{name}' must start with a lower-case letter or _ and hold only a-z, 0-9, _ and -");
        }

        var groups = (options.Value("groups") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var group in groups.Where(g => !VirtAppliance.Filesystems.Guests.SystemNames.IsUserName(g)))
        {
            throw state.Error(number, $"group name '{group}' is not valid");
        }

        return new UserSpec
        {
            Line = number,
            Name = name,
            Password = options.Value("password") is { } password && !options.Has("lock") ? ReadPassword(state, number, password, options.Has("iscrypted")) : null,
            Groups = groups,
            Uid = (int?)options.Number("uid", 1, 60000),
            Gid = (int?)options.Number("gid", 1, 60000),
            Gecos = CheckField(state, number, "gecos", options.Value("gecos")),
            HomeDirectory = CheckField(state, number, "homedir", options.Value("homedir")),
            Shell = CheckField(state, number, "shell", options.Value("shell")),
        };
    }

    private static string? CheckField(ParseState state, int number, string option, string? value) =>
        value is not null && (value.Contains(':') || value.Contains('\n'))
            ? throw state.Error(number, $"--{option} may not contain ':' or a line break")
            : value;

    private static PasswordSpec ReadPassword(ParseState state, int number, string value, bool crypted)
    {
        if (crypted && !CryptedPassword().IsMatch(value))
        {
            throw state.Error(number, "--iscrypted password is not a crypt(3) hash ($6$salt$hash, $5$..., $y$...)");
        }

        return new PasswordSpec(value, crypted);
    }

    private static void ReadNetwork(ParseState state, int number, List<string> arguments)
    {
        var options = CommandWords.Parse("network", arguments, ["hostname", "bootproto", "device", "onboot"], ["activate", "noipv6"],
            message => state.Error(number, message));
        if (options.Value("bootproto") is { } proto && proto != "dhcp")
        {
            throw state.Error(number, $"--bootproto {proto} is not supported: appliances take their address by DHCP (use a %post for static addresses)");
        }

        state.Network = true;
        if (options.Value("hostname") is { } hostname)
        {
            if (!VirtAppliance.Filesystems.Guests.SystemNames.IsHostName(hostname))
            {
                throw state.Error(number, $"--hostname '{hostname}' is not a valid host name");
            }

            state.Hostname = hostname;
        }
    }

    private static string ReadTimezone(ParseState state, int number, List<string> arguments)
    {
        var options = CommandWords.Parse("timezone", arguments, ["ntpservers"], ["utc", "isUtc", "nontp"], message => state.Error(number, message));
        if (options.Positional.Count != 1 || !VirtAppliance.Filesystems.Guests.SystemNames.IsTimezone(options.Positional[0]))
        {
            throw state.Error(number, $"timezone takes one zone of the tz database ({VirtAppliance.Filesystems.Guests.SystemNames.ZoneDatabase}) such as Europe/Berlin or UTC");
        }

        return options.Positional[0];
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial System.Text.RegularExpressions.Regex DiskName();


    [System.Text.RegularExpressions.GeneratedRegex(@"^\$[0-9a-z]+\$[^:\s]+$")]
    private static partial System.Text.RegularExpressions.Regex CryptedPassword();


}
