namespace VirtAppliance.Cli.Tests.Commands.Completion;

/// <summary>The zsh script hands the same candidates to compadd; zsh is installed by scripts/test.sh.</summary>
[Trait("Category", "Tools")]
public sealed class ZshCompletionTests : IDisposable
{
    private readonly CompletionTests shared = new();

    [Fact]
    public void Words_paths_and_the_fallback_reach_compadd()
    {
        Assert.Equal(["--", "db", "web-1", "web-2"], shared.CompleteInZsh("stop ", "."));
        Assert.Equal(["--", "check", "compare", "convert", "create"], shared.CompleteInZsh("image c", "."));
        Assert.Equal(["-f", "--", "lamp.ks", "specs/"], shared.CompleteInZsh("build ", "work"));
        Assert.Equal(["(_files)"], shared.CompleteInZsh("key generate ", "work"));
    }

    public void Dispose() => shared.Dispose();
}
