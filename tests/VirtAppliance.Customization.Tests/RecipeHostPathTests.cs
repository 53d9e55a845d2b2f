using VirtAppliance.Customization.Operations;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>A recipe reads host files only inside its own folder (symbolic links resolved) and the trees the user allowed.</summary>
[Trait("Category", "Fast")]
public sealed class RecipeHostPathTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly string recipe;
    private readonly string outside;

    public RecipeHostPathTests()
    {
        Directory.CreateDirectory(folder.File("recipes/files"));
        Directory.CreateDirectory(folder.File("secrets"));
        File.WriteAllText(folder.File("recipes/files/ok.txt"), "fine\n");
        File.WriteAllText(folder.File("secrets/key"), "ssh-ed25519 AAAAsecret host@key\n");
        File.CreateSymbolicLink(folder.File("recipes/files/sneaky"), folder.File("secrets/key"));
        File.CreateSymbolicLink(folder.File("recipes/linked-dir"), folder.File("secrets"));
        recipe = folder.File("recipes/recipe.yaml");
        outside = folder.File("secrets");
    }

    public void Dispose() => folder.Dispose();

    private Recipe Read(string yaml, params string[] allowed) => RecipeReader.Parse(yaml, recipe, new Dictionary<string, string>(), allowed);

    [Fact]
    public void Files_in_the_recipes_folder_are_read()
    {
        var read = Read("- upload: {source: files/ok.txt, path: /etc/ok}\n- patch: {path: /etc/ok, source: files/ok.txt}\n");

        Assert.Equal(folder.File("recipes/files/ok.txt"), Assert.IsType<UploadOperation>(read.Operations[0]).Source);
    }

    [Theory]
    [InlineData("- upload: {source: ../../../../../etc/hostname, path: /etc/x}\n", "../../../../../etc/hostname is outside the recipe's folder")]
    [InlineData("- firstboot: {source: /etc/shadow}\n", "/etc/shadow is outside the recipe's folder")]
    [InlineData("- ssh-inject: {user: root, key-file: /etc/passwd}\n", "/etc/passwd is outside the recipe's folder")]
    [InlineData("- copy-in: {source: /etc, path: /srv}\n", "/etc is outside")]
    [InlineData("- tar-in: {source: /etc/../etc/passwd, path: /srv}\n", "is outside")]
    [InlineData("- upload: {source: files/sneaky, path: /etc/x}\n", "files/sneaky is outside the recipe's folder")]
    [InlineData("- ssh-inject: {user: root, key-file: linked-dir/key}\n", "(it leads to")]
    public void Host_files_outside_it_are_refused_naming_the_line_and_the_way_to_allow_them(string yaml, string expected)
    {
        var error = Assert.Throws<RecipeException>(() => Read(yaml));

        Assert.Equal(1, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-host-path DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_the_user_allowed_is_read_through_links_too()
    {
        var read = Read("- ssh-inject: {user: root, key-file: files/sneaky}\n- upload: {source: " + outside + "/key, path: /etc/k}\n", outside);

        Assert.Contains("AAAAsecret", Assert.Single(Assert.IsType<SshInjectOperation>(read.Operations[0]).Keys), StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_changed_to_point_outside_after_reading_is_refused_when_the_file_is_read()
    {
        File.WriteAllText(folder.File("recipes/files/later"), "x");
        var read = Read("- upload: {source: files/later, path: /etc/x}\n");
        File.Delete(folder.File("recipes/files/later"));
        File.CreateSymbolicLink(folder.File("recipes/files/later"), folder.File("secrets/key"));

        var error = Assert.Throws<RecipeException>(() => read.HostPath(1, folder.File("recipes/files/later")));

        Assert.Contains("is outside the recipe's folder", error.Message, StringComparison.Ordinal);
    }
}
