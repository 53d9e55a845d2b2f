using System.CommandLine;
using System.Diagnostics;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Customization.Operations;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Cli.Commands.Ssh;

/// <summary>
/// <c>ssh NAME [-- COMMAND...]</c>: the system's ssh to the instance, through its published port 22 (or an address
/// libvirt knows), as the user and with the key the instance's recipe gave, its host key kept per instance.
/// </summary>
internal sealed class SshCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var user = new Option<string?>("--user", "-l") { Description = "Log in as this user (default: the user the recipe gave a key, else root)" };
        var identity = new Option<string?>("--identity", "-i") { Description = "Private key file (default: the one in ~/.ssh whose public key the recipe installed)" };
        var print = new Option<bool>("--print") { Description = "Print the ssh command line instead of running it" };
        var command = new Argument<string[]>("COMMAND") { Description = "A command to run instead of a login shell (after --)", Arity = ArgumentArity.ZeroOrMore };
        var ssh = new Command("ssh", "Log in to an instance with ssh (its published port 22, or an address libvirt knows)") { name, user, identity, print, command };
        CommandAction.Set(ssh, output, (result, _) => new SshCommand(output).Run(
            result.GetRequiredValue(name), result.GetValue(user), result.GetValue(identity), result.GetValue(print), result.GetValue(command) ?? []));
        return ssh;
    }

    public int Run(string name, string? user, string? identity, bool print, IReadOnlyList<string> remoteCommand)
    {
        var plan = HypervisorAccess.Store().Load(name);
        var (host, port) = Endpoint(plan);
        var recipe = plan.Recipe is { } given && File.Exists(given.File) ? given.Read() : null;
        var (recipeUser, keys) = RecipeLogin(recipe);
        identity ??= MatchingPrivateKey(keys);
        var arguments = new List<string>
        {
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", $"UserKnownHostsFile={Path.Combine(HypervisorAccess.Store().FolderOf(name), "known_hosts")}",
            "-o", "StrictHostKeyChecking=accept-new",
        };
        if (identity is not null)
        {
            arguments.AddRange(["-i", identity, "-o", "IdentitiesOnly=yes"]);
        }

        arguments.Add($"{user ?? recipeUser ?? "root"}@{host}");
        arguments.AddRange(remoteCommand);
        if (print)
        {
            output.WriteLine(string.Join(' ', new[] { "ssh" }.Concat(arguments).Select(Quote)));
            return ExitCodes.Success;
        }

        var info = HostTools.StartInfo("ssh", arguments);
        using var process = Process.Start(info) ?? throw new NotSupportedException("ssh did not start");
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The published host port for guest port 22, else port 22 at an address libvirt knows.</summary>
    private static (string Host, int Port) Endpoint(InstancePlan plan)
    {
        if (plan.Published.FirstOrDefault(p => p.GuestPort == 22 && p.Protocol == "tcp") is { } published)
        {
            return (published.Address is "0.0.0.0" ? "127.0.0.1" : published.Address, published.HostPort);
        }

        using var sessions = new InstanceSessions();
        var address = sessions.ManagerFor(plan).Addresses(plan).FirstOrDefault(a => !a.Address.Contains(':', StringComparison.Ordinal))
            ?? throw new InstanceStateException(
                $"'{plan.Name}' publishes no port 22 and libvirt knows no address of it (user-mode networking): deploy it with --publish 22 (a free host port is chosen) to reach its ssh");
        return (address.Address, 22);
    }

    /// <summary>The user the recipe installed keys for (ssh-inject, or a user with ssh-keys), and those keys.</summary>
    private static (string? User, IReadOnlyList<string> Keys) RecipeLogin(Recipe? recipe)
    {
        foreach (var operation in recipe?.Operations ?? [])
        {
            switch (operation)
            {
                case UserOperation { SshKeys.Count: > 0 } account:
                    return (account.User, account.SshKeys);
                case SshInjectOperation inject:
                    return (inject.User, inject.Keys);
            }
        }

        return (null, []);
    }

    /// <summary>The private key next to whichever ~/.ssh/*.pub holds one of <paramref name="keys"/>.</summary>
    private static string? MatchingPrivateKey(IReadOnlyList<string> keys)
    {
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");
        if (keys.Count == 0 || !Directory.Exists(folder))
        {
            return null;
        }

        static string Material(string key) => key.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var body, ..] ? body : key.Trim();
        var wanted = keys.Select(Material).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(folder, "*.pub")
            .Where(pub => wanted.Contains(Material(File.ReadAllText(pub))))
            .Select(pub => pub[..^".pub".Length])
            .FirstOrDefault(File.Exists);
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "@%+=:,./_-".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
