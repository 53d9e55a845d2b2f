using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>firstboot, everyboot: a script run at first boot only (EveryBoot false) or at every boot, in recipe order.</summary>
public sealed partial record BootScriptOperation(int Line, string ScriptName, string Script, bool EveryBoot) : SystemOperation(Line)
{
    internal static OperationKind Kind { get; } = new(["firstboot", "everyboot"], Read);

    public override string Name => EveryBoot ? "everyboot" : "firstboot";

    internal override void Apply(RecipeApplier guest) => guest.InstallBootScript(this);

    internal override void AddTo(SeedBuilder seed) => (EveryBoot ? seed.BootCommands : seed.RunCommands).Add((JsonNode)new JsonArray("sh", "-c", Script));

    private static BootScriptOperation Read(Recipes.OperationFields f)
    {
        var script = f.IsShorthand ? f.Shorthand() : f.Optional("script", strict: false) ?? f.Optional("command", strict: false)
            ?? (f.Optional("source") is { } source ? f.HostText(source) : throw f.Error("give 'script', 'command' or 'source'"));
        var name = f.IsShorthand ? null : f.Optional("name");
        if (name is not null && !ScriptNamePattern().IsMatch(name))
        {
            throw f.Error($"name '{name}': use letters, digits, '.', '_' and '-'");
        }

        return new BootScriptOperation(f.Line, name ?? $"line-{f.Line}", script.StartsWith("#!", StringComparison.Ordinal) ? script : "#!/bin/sh\n" + script + "\n", f.Name == "everyboot");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ScriptNamePattern();
}
