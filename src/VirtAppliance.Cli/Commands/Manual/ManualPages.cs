using System.CommandLine;
using System.Text;

namespace VirtAppliance.Cli.Commands.Manual;

/// <summary>
/// The manual pages, from the command tree that --help shows (so they cannot drift from it) and the guides:
/// virt-appliance(1), and virt-appliance-COMMAND(1) for each command.
/// </summary>
internal static class ManualPages
{
    public sealed record Page(string FileName, string Text);

    private const string Overview =
        "An appliance is one descriptor (the virt-image XML format, extended) with several boot variants and its disks. " +
        "virt-appliance says which variant runs on which libvirt host and why the others do not, builds appliances from " +
        "kickstart-style specs without root, converts and checks their disk images (raw, qcow2, vmdk, vhd, vhdx, vdi), " +
        "customizes instances on copy-on-write overlays, publishes and pulls them through signed repositories, deploys " +
        "them through libvirt on one host or a fleet, and exports them as OVA, Vagrant boxes and KubeVirt container disks.";

    public static IEnumerable<Page> All(RootCommand root, string version)
    {
        var commands = root.Subcommands.Where(command => !command.Hidden).ToList();
        yield return new Page("virt-appliance.1", MainPage(root, commands, version));
        foreach (var command in commands)
        {
            yield return new Page($"virt-appliance-{command.Name}.1", ForCommand(command, version));
        }
    }

    private static string MainPage(RootCommand root, IReadOnlyList<Command> commands, string version)
    {
        var page = Header("virt-appliance", version);
        page.AppendLine(".SH NAME").AppendLine($"virt-appliance \\- {Roff.Escape(Summary(root.Description))}");
        page.AppendLine(".SH SYNOPSIS").AppendLine($"{Roff.Bold("virt-appliance")} [{Roff.Bold("--verbose")}] {Roff.Italic("COMMAND")} [{Roff.Italic("ARGUMENTS")}]");
        page.AppendLine(".SH DESCRIPTION").AppendLine(Roff.Escape(Overview));
        page.AppendLine(".PP").AppendLine($"Each command is described in its own page, {Roff.Bold("virt-appliance-")}{Roff.Italic("COMMAND")}(1), and prints its usage with {Roff.Bold("--help")}.");
        page.AppendLine(".SH COMMANDS");
        foreach (var command in commands)
        {
            page.AppendLine(".TP").AppendLine(Roff.Bold(command.Name)).AppendLine(Roff.Escape(command.Description ?? ""));
        }

        Options(page, root.Options);
        ExitStatus(page, "General");
        page.AppendLine(".SH ENVIRONMENT");
        Item(page, "XDG_STATE_HOME", "Instances, their plans and overlays are kept in $XDG_STATE_HOME/virt-appliance (default ~/.local/state/virt-appliance).");
        Item(page, "XDG_CACHE_HOME", "Pulled disks and kernels are cached in $XDG_CACHE_HOME/virt-appliance (default ~/.cache/virt-appliance).");
        Item(page, "XDG_CONFIG_HOME", "The fleet's hosts (hosts.yaml) and repository settings are read from $XDG_CONFIG_HOME/virt-appliance (default ~/.config/virt-appliance).");
        SeeAlso(page, commands.Select(command => $"virt-appliance-{command.Name}").Concat(["qemu-img", "virsh", "virt-install"]), guide: null);
        return page.ToString();
    }

    private static string ForCommand(Command command, string version)
    {
        var name = $"virt-appliance-{command.Name}";
        var page = Header(name, version);
        page.AppendLine(".SH NAME").AppendLine($"{Roff.Escape(name)} \\- {Roff.Escape(Summary(command.Description))}");
        var leaves = Leaves(command, "virt-appliance").ToList();
        page.AppendLine(".SH SYNOPSIS");
        foreach (var (path, leaf) in leaves)
        {
            page.AppendLine(".PP").AppendLine(Synopsis(path, leaf));
        }

        page.AppendLine(".SH DESCRIPTION").AppendLine(Roff.Escape(command.Description ?? ""));
        Guides.ByCommand.TryGetValue(command.Name, out var guide);
        if (guide is not null && leaves.Count > 1)
        {
            page.AppendLine(".PP").AppendLine(Roff.FromMarkdown(Guides.OpeningParagraph(Guides.Read(guide))));
        }

        if (leaves.Count == 1 && leaves[0].Command == command)
        {
            Arguments(page, command);
            Options(page, command.Options);
        }
        else
        {
            page.AppendLine(".SH COMMANDS");
            foreach (var (path, leaf) in leaves)
            {
                page.AppendLine($".SS \"{Roff.Escape(path)}\"").AppendLine(Roff.Escape(leaf.Description ?? ""));
                Arguments(page, leaf, heading: false);
                Options(page, leaf.Options, heading: false);
            }
        }

        var commandPaths = leaves.Select(leaf => leaf.Path["virt-appliance ".Length..]).ToHashSet();
        ExitStatus(page, heading => heading.StartsWith('`') && commandPaths.Contains(heading[1..heading.IndexOf('`', 1)]), command.Name);
        SeeAlso(page, ["virt-appliance"], guide);
        return page.ToString();
    }

    /// <summary>Every command under <paramref name="command"/> that does something, with its full path.</summary>
    public static IEnumerable<(string Path, Command Command)> Leaves(Command command, string parentPath)
    {
        var path = $"{parentPath} {command.Name}";
        if (command.Action is not null || command.Subcommands.Count == 0)
        {
            yield return (path, command);
        }

        foreach (var sub in command.Subcommands.Where(sub => !sub.Hidden))
        {
            foreach (var leaf in Leaves(sub, path))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>The options a command's help lists, in its order: its own and the recursive ones of the root (--verbose).</summary>
    public static IEnumerable<Option> VisibleOptions(IEnumerable<Option> options) => options.Where(option => !option.Hidden);

    private static StringBuilder Header(string name, string version) =>
        new StringBuilder()
            .AppendLine($".\\\" Generated by virt-appliance {version} from its command tree and docs/; do not edit.")
            .AppendLine($".TH {name.ToUpperInvariant().Replace("-", "\\-", StringComparison.Ordinal)} 1 \"\" \"virt-appliance {Roff.Escape(version)}\" \"User Commands\"");

    private static string Summary(string? description) =>
        (description ?? "").Split(':', 2) is [var head, var tail] && head.StartsWith("virt-appliance", StringComparison.Ordinal) ? tail.Trim() : description ?? "";

    private static string Synopsis(string path, Command command)
    {
        var words = new List<string> { Roff.Bold(path) };
        if (VisibleOptions(command.Options).Any())
        {
            words.Add($"[{Roff.Italic("OPTIONS")}]");
        }

        foreach (var argument in command.Arguments.Where(argument => !argument.Hidden))
        {
            var name = Roff.Italic(argument.Name) + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : "");
            words.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name);
        }

        return string.Join(' ', words);
    }

    private static void Arguments(StringBuilder page, Command command, bool heading = true)
    {
        var arguments = command.Arguments.Where(argument => !argument.Hidden).ToList();
        if (arguments.Count == 0)
        {
            return;
        }

        page.AppendLine(heading ? ".SH ARGUMENTS" : ".PP\nArguments:");
        foreach (var argument in arguments)
        {
            Item(page, Roff.Italic(argument.Name), argument.Description, rawTerm: true);
        }
    }

    private static void Options(StringBuilder page, IEnumerable<Option> options, bool heading = true)
    {
        var visible = VisibleOptions(options).ToList();
        if (visible.Count == 0)
        {
            return;
        }

        page.AppendLine(heading ? ".SH OPTIONS" : ".PP\nOptions:");
        foreach (var option in visible)
        {
            Item(page, OptionTerm(option), OptionDescription(option), rawTerm: true);
        }
    }

    /// <summary>"\fB\-O\fR \fIFORMAT\fR": the names as help lists them (short first), then the value's name.</summary>
    public static string OptionTerm(Option option)
    {
        var names = new[] { option.Name }.Concat(option.Aliases)
            .Where(name => !name.StartsWith('/'))
            .OrderBy(name => name.StartsWith("--", StringComparison.Ordinal)).ThenBy(name => name.Length);
        var term = string.Join(", ", names.Select(Roff.Bold));
        return option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0 ? term : $"{term} {Roff.Italic(option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant())}";
    }

    private static string? OptionDescription(Option option)
    {
        if (!option.HasDefaultValue || option.ValueType == typeof(bool) || option is VersionOption)
        {
            return option.Description;
        }

        var value = option.GetDefaultValue();
        return value is null or System.Collections.IEnumerable and not string ? option.Description : $"{option.Description} [default: {value}]";
    }

    private static void ExitStatus(StringBuilder page, string heading) => ExitStatus(page, text => text == heading, null);

    private static void ExitStatus(StringBuilder page, Func<string, bool> heading, string? command)
    {
        var rows = Guides.ExitCodes(Guides.Read("exit-codes.md"), heading);
        page.AppendLine(".SH EXIT STATUS");
        if (command is not null)
        {
            page.AppendLine(rows.Count == 0
                ? $"The general codes of {Roff.Bold("virt-appliance")}(1): 0 on success; 64 a usage error, 65 invalid input, 66 a missing input, 69 unsupported, 73 an output that exists, 74 an I/O error, 77 permission denied, 130 and 143 interrupted."
                : $"As below; other errors use the general codes of {Roff.Bold("virt-appliance")}(1).");
        }

        foreach (var (code, meaning) in rows)
        {
            Item(page, Roff.Bold(code), Roff.FromMarkdown(meaning), rawTerm: true, rawText: true);
        }
    }

    private static void SeeAlso(StringBuilder page, IEnumerable<string> pages, string? guide)
    {
        page.AppendLine(".SH SEE ALSO").AppendLine(string.Join(",\n", pages.Select(name => $"{Roff.Bold(name)}(1)")));
        if (guide is not null)
        {
            page.AppendLine(".PP").AppendLine($"The guide: {Roff.Italic($"/usr/share/doc/virt-appliance/{guide}")} (docs/{Roff.Escape(guide)} in the source).");
        }
    }

    private static void Item(StringBuilder page, string term, string? text, bool rawTerm = false, bool rawText = false) =>
        page.AppendLine(".TP").AppendLine(rawTerm ? term : Roff.Bold(term)).AppendLine(rawText ? text ?? "" : Roff.Escape(text ?? ""));
}
