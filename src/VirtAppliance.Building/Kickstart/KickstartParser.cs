namespace VirtAppliance.Building.Kickstart;

/// <summary>Reads the kickstart subset docs/build.md describes; anything else is an error naming its line.</summary>
internal static partial class KickstartParser
{
    /// <summary>Installer commands that mean nothing for a prebuilt appliance: accepted and reported as ignored.</summary>
    private static readonly HashSet<string> IgnoredCommands = new(StringComparer.Ordinal)
    {
        "lang", "keyboard", "auth", "authconfig", "authselect", "selinux", "firewall", "services", "xconfig", "skipx", "text",
        "cmdline", "graphical", "install", "reboot", "poweroff", "shutdown", "halt", "zerombr", "repo", "url", "firstboot",
        "eula", "logging", "ignoredisk",
    };

    public static BuildSpec Load(string file)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"{file}: no such build spec", file);
        }

        return Parse(text, file);
    }

    public static BuildSpec Parse(string text, string file)
    {
        var state = new ParseState(file);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('%'))
            {
                index = ReadSection(state, lines, index);
                continue;
            }

            ReadCommand(state, number, line);
        }

        return state.Finish();
    }

    private static void ReadCommand(ParseState state, int number, string line)
    {
        var words = SpecTokenizer.Split(line, message => state.Error(number, message));
        var command = words[0];
        var arguments = words.Skip(1).ToList();
        switch (command)
        {
            case "part" or "partition":
                state.Partitions.Add(ReadPartition(state, number, command, arguments));
                break;
            case "clearpart":
                state.DiskLabel = ReadClearpart(state, number, arguments);
                break;
            case "bootloader":
                ReadBootloader(state, number, arguments);
                break;
            case "rootpw":
                state.RootPassword = ReadRootPassword(state, number, arguments);
                break;
            case "user":
                state.Users.Add(ReadUser(state, number, arguments));
                break;
            case "network":
                ReadNetwork(state, number, arguments);
                break;
            case "timezone":
                state.Timezone = ReadTimezone(state, number, arguments);
                break;
            case "autopart":
                throw state.Error(number, "autopart is not supported: list the partitions with 'part' lines (at least 'part / --size MiB --fstype ext4')");
            default:
                if (!IgnoredCommands.Contains(command))
                {
                    throw state.Error(number, $"unknown command '{command}' (docs/build.md lists the supported kickstart subset)");
                }

                state.Ignored.Add($"line {number}: {command}");
                break;
        }
    }

    private static int ReadSection(ParseState state, string[] lines, int start)
    {
        var number = start + 1;
        var header = SpecTokenizer.Split(lines[start].Trim(), message => state.Error(number, message));
        var end = start + 1;
        while (end < lines.Length && lines[end].Trim() != "%end")
        {
            if (lines[end].TrimStart().StartsWith('%') && header[0] != "%post")
            {
                throw state.Error(end + 1, $"{header[0]} (line {number}) is not closed by %end before this line");
            }

            end++;
        }

        if (end == lines.Length)
        {
            throw state.Error(number, $"{header[0]} has no %end");
        }

        var body = lines[(start + 1)..end];
        switch (header[0])
        {
            case "%packages":
                ReadPackages(state, number, header, body);
                break;
            case "%post":
                state.PostScripts.Add(ReadPost(state, number, header, body));
                break;
            case "%appliance":
                ReadAppliance(state, number, body);
                break;
            case "%pre" or "%pre-install":
                throw state.Error(number, $"{header[0]} runs on an installer, and an appliance build has none: use %post --nochroot");
            default:
                throw state.Error(number, $"unknown section {header[0]} (supported: %packages, %post, %appliance)");
        }

        return end;
    }

    private static void ReadPackages(ParseState state, int number, List<string> header, string[] body)
    {
        foreach (var option in header.Skip(1))
        {
            state.Ignored.Add($"line {number}: %packages {option}");
        }

        for (var i = 0; i < body.Length; i++)
        {
            var line = body[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('@') || line.StartsWith('-'))
            {
                throw state.Error(number + 1 + i, $"'{line}': package groups and exclusions are not supported; list Debian package names");
            }

            foreach (var package in SpecTokenizer.Split(line, message => state.Error(number + 1 + i, message)))
            {
                if (!DebianPackageName().IsMatch(package))
                {
                    throw state.Error(number + 1 + i, $"'{package}' is not a Debian package name");
                }

                state.Packages.Add(package);
            }
        }
    }

    private static PostScript ReadPost(ParseState state, int number, List<string> header, string[] body)
    {
        var options = CommandWords.Parse("%post", header.Skip(1).ToList(), ["interpreter"], ["nochroot", "erroronfail"],
            message => state.Error(number, message));
        var script = string.Join('\n', body) + "\n";
        return new PostScript(number, script, options.Has("nochroot"), options.Value("interpreter") ?? "/bin/sh");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$")]
    private static partial System.Text.RegularExpressions.Regex DebianPackageName();
}
