using System.CommandLine;

namespace VirtAppliance.Cli.Repositories;

/// <summary>--repo, --key and --insecure (and the registry options), shared by the commands that read repositories.</summary>
internal sealed class RepositoryOptions
{
    public Option<string?> Repo { get; } = new("--repo") { Description = "Repository: a configured name, a folder, an http(s):// URL or oci://HOST[:PORT][/PREFIX] (default: every configured repository)" };

    public Option<string?> Key { get; } = new("--key") { Description = "Public key (PEM) that must have signed the repository's index" };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "Accept an unsigned, wrongly signed or rolled-back index (with a warning each time)" };

    public RegistryOptions Registry { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Key);
        command.Options.Add(Insecure);
        Registry.AddTo(command);
    }

    public RepositoryAccess Read(ParseResult result, Output.CommandOutput output) =>
        new(result.GetValue(Repo), result.GetValue(Key), result.GetValue(Insecure), output) { Registry = Registry.Read(result, output) };
}
