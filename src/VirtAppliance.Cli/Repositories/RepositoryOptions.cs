using System.CommandLine;

namespace VirtAppliance.Cli.Repositories;

/// <summary>--repo, --key and --insecure, shared by the commands that read repositories.</summary>
internal sealed class RepositoryOptions
{
    public Option<string?> Repo { get; } = new("--repo") { Description = "Repository: a configured name, a folder, or an http(s):// URL (default: every configured repository)" };

    public Option<string?> Key { get; } = new("--key") { Description = "Public key (PEM) that must have signed the repository's index" };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "Accept an unsigned, wrongly signed or rolled-back index (with a warning each time)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Key);
        command.Options.Add(Insecure);
    }

    public RepositoryAccess Read(ParseResult result, Output.CommandOutput output) =>
        new(result.GetValue(Repo), result.GetValue(Key), result.GetValue(Insecure), output);
}
