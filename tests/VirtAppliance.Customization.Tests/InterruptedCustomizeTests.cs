using System.Text;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>A customize stopped by a signal removes its scratch folder and leaves the image as it was.</summary>
[Collection(TinyImageCollection.Name)]
[Trait("Category", "Network")]
public sealed class InterruptedCustomizeTests(TinyImage tiny) : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(RunningCommand.SigTerm, 143)]
    [InlineData(RunningCommand.SigInt, 130)]
    public void An_interrupted_customize_leaves_no_scratch_folder_and_the_image_unchanged(int signal, int expectedExit)
    {
        var work = Directory.CreateDirectory(folder.File($"work-{signal}")).FullName;
        var overlay = tiny.Overlay(folder, Path.Combine(work, "instance.qcow2"));
        var before = TinyImage.Hash(overlay);

        // A thousand operations: seconds of work, so the signal comes while the recipe is being applied.
        var recipe = new StringBuilder("- mkdir: /srv/many\n");
        for (var i = 0; i < 1000; i++)
        {
            recipe.Append($"- write: {{path: /srv/many/f{i}, content: \"file {i}\"}}\n");
        }

        var recipeFile = folder.File($"many-{signal}.yaml");
        File.WriteAllText(recipeFile, recipe.ToString());

        using var command = RunningCommand.Start(tiny.StateHome, ["customize", overlay, "--recipe", recipeFile]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Directory.EnumerateDirectories(work, ".customize-*").Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "customize made no scratch folder within 60 s");
            Thread.Sleep(20);
        }

        command.Signal(signal);
        var result = command.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(expectedExit, result.ExitCode);
        Assert.Contains("interrupted", result.Error, StringComparison.Ordinal);
        Assert.Equal(["instance.qcow2"], Directory.GetFileSystemEntries(work).Select(Path.GetFileName));
        Assert.Equal(before, TinyImage.Hash(overlay));
    }
}
