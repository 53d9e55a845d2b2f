using VirtAppliance.TestSupport;
using VirtAppliance.Customization.Operations;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Tests;

[Trait("Category", "Fast")]
public sealed class RecipeReaderTests
{
    private static readonly Dictionary<string, string> Given = new() { ["name"] = "web1", ["hostname"] = "web1", ["index"] = "3" };

    private static Recipe Parse(string yaml) => RecipeReader.Parse(yaml, "/recipes/r.yaml", Given);

    [Fact]
    public void ReadsOperationsInOrderWithVariablesExpanded()
    {
        var recipe = Parse("""
            variables:
              domain: example.com
            operations:
              - hostname: ${hostname}
              - write: {path: "/etc/motd", content: "${name}.${domain} #${index}", mode: "0600", owner: "root:adm"}
              - mkdir: /srv/${name}
              - firstboot: {name: hello, script: "echo $HOME ${name}"}
              - delete: /tmp/x
            """);

        Assert.Equal(["hostname", "write", "mkdir", "firstboot", "delete"], recipe.Operations.Select(o => o.Name));
        Assert.Equal(new HostnameOperation(4, "web1"), recipe.Operations[0]);
        var write = Assert.IsType<WriteOperation>(recipe.Operations[1]);
        Assert.Equal(("/etc/motd", "web1.example.com #3", (UnixFileMode)0x180, "root:adm"), (write.Path, write.Content, write.Attributes.Mode!.Value, write.Attributes.Owner!));
        Assert.Equal("/srv/web1", Assert.IsType<MkdirOperation>(recipe.Operations[2]).Path);
        var script = Assert.IsType<BootScriptOperation>(recipe.Operations[3]);
        Assert.Equal(("hello", "#!/bin/sh\necho $HOME web1\n", false), (script.ScriptName, script.Script, script.EveryBoot));
    }

    [Fact]
    public void AListAloneIsARecipeAndGivenVariablesWinOverDefaults()
    {
        var recipe = RecipeReader.Parse("- write: {path: /a, content: '$${literal} ${x}'}\n", "r.yaml", new Dictionary<string, string> { ["x"] = "given" });

        Assert.Equal("${literal} given", Assert.IsType<WriteOperation>(Assert.Single(recipe.Operations)).Content);
    }

    [Theory]
    [InlineData("- frobnicate: /x\n", 1, "frobnicate: unknown operation")]
    [InlineData("- hostname: web\n- write: {path: /a, content: '${nope}'}\n", 2, "unknown variable ${nope}")]
    [InlineData("- write: {path: ../etc/passwd, content: x}\n", 1, "must be an absolute guest path (one leading '/') without '..'")]
    [InlineData("- write: {path: tmp/x, content: x}\n", 1, "path 'tmp/x' must be an absolute guest path")]
    [InlineData("- write: {path: //tmp/x, content: x}\n", 1, "path '//tmp/x' must be an absolute guest path")]
    [InlineData("- mkdir: tmp/x\n", 1, "'tmp/x' must be an absolute guest path")]
    [InlineData("- user: {name: bob, home: /../../tmp/x}\n", 1, "home '/../../tmp/x' must be an absolute guest path")]
    [InlineData("- user: {name: bob, shell: bin/sh}\n", 1, "shell 'bin/sh' must be an absolute guest path")]
    [InlineData("- user: {name: bob, uid: 99999999999}\n", 1, "uid '99999999999': give a number from 0 to 2147483647")]
    [InlineData("- user: {name: bob, uid: -1}\n", 1, "uid '-1': give a number")]
    [InlineData("- write: {path: /a/../../b, content: x}\n", 1, "must be an absolute guest path")]
    [InlineData("- write: {path: /a}\n", 1, "'content' is required")]
    [InlineData("- write: {path: /a, content: x, colour: red}\n", 1, "write has no field 'colour'")]
    [InlineData("- chmod: {path: /a, mode: rwx}\n", 1, "mode 'rwx'")]
    [InlineData("- edit: {path: /a, pattern: '(', replacement: x}\n", 1, "not a valid regular expression")]
    [InlineData("- edit: {path: /a, pattern: '(a)\\1', replacement: x}\n", 1, "needs backtracking")]
    [InlineData("- edit: {path: /a, pattern: '(?=a)b', replacement: x}\n", 1, "needs backtracking")]
    [InlineData("- user: {name: Root!}\n", 1, "user name 'Root!'")]
    [InlineData("- hostname: 'bad host'\n", 1, "not a valid host name")]
    [InlineData("- [1, 2]\n", 1, "each operation is a map with one key")]
    [InlineData("operations: [{write: {path: /a, content: x}}]\ncolour: red\n", 2, "unknown recipe key 'colour'")]
    [InlineData("- write: {path: /a, content: 'x'\n", 2, "not valid YAML")]
    [InlineData("- write: &w {path: /a, content: x}\n- write: *w\n", 2, "the alias *w is not allowed in recipes")]
    public void BadRecipesNameTheirLine(string yaml, int line, string message)
    {
        var error = Assert.Throws<RecipeException>(() => Parse(yaml));

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"/recipes/r.yaml:{line}:", error.Message);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public void Deep_nesting_is_refused_at_its_line_without_recursion(int depth)
    {
        var yaml = $"operations:\n  - write: {{path: /b, content: {new string('[', depth)}{new string(']', depth)}}}\n";

        var error = Assert.Throws<RecipeException>(() => Parse(yaml));

        Assert.Equal(2, error.Line);
        Assert.Contains("collections nested 65 deep; recipes nest at most 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_takes_time_linear_in_the_recipe() =>
        LinearTime.Assert(300, count =>
        {
            var yaml = string.Concat(Enumerable.Range(0, count).Select(i => $"- write: {{path: /etc/f{i}, content: 'line ${{name}} {i}'}}\n"));
            Assert.Equal(count, Parse(yaml).Operations.Count);
        });

    [Fact]
    public void Every_problem_of_a_recipe_is_reported_in_one_run()
    {
        var error = Assert.Throws<RecipeException>(() => Parse(
            "- write: {path: tmp/x, content: x}\n- hostname: web\n- user: {name: bob, uid: -1}\n- frobnicate: /x\n"));

        Assert.Equal(1, error.Line);
        Assert.Equal(
            ["/recipes/r.yaml:1: ", "/recipes/r.yaml:3: ", "/recipes/r.yaml:4: "],
            error.Message.Split('\n').Select(line => line[..("/recipes/r.yaml:1: ".Length)]));
    }
}
