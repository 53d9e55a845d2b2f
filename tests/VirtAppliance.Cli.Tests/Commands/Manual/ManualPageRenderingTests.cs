using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Manual;

/// <summary>groff (man-db's formatter, installed by setup) reads every page without a warning.</summary>
[Trait("Category", "Tools")]
public sealed class ManualPageRenderingTests
{
    [Fact]
    public void Every_page_formats_without_warnings()
    {
        using var folder = new TempDirectory();
        Assert.Equal(0, CliRunner.Run("__man", folder.Path).ExitCode);
        var pages = Directory.GetFiles(folder.Path, "*.1");
        Assert.True(pages.Length > 30, $"only {pages.Length} pages");
        foreach (var page in pages)
        {
            var result = ExternalTool.Run("groff", "-man", "-ww", "-z", page);
            Assert.True(result.ExitCode == 0 && result.Error.Length == 0, $"{Path.GetFileName(page)}: {result.Error}");
        }
    }
}
