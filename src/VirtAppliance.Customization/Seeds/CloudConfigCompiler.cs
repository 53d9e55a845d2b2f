using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Seeds;

/// <summary>
/// Compiles a recipe into cloud-init NoCloud data: user-data (#cloud-config, written as JSON, which is YAML) with
/// hostname, timezone, users, write_files, bootcmd (every-boot scripts) and runcmd (the other operations, in recipe
/// order, and first-boot scripts); meta-data with an instance-id derived from the name and the user-data.
/// </summary>
public static class CloudConfigCompiler
{
    public sealed record Seed(string UserData, string MetaData, string InstanceId);

    public static Seed Compile(Recipe recipe, string name)
    {
        var seed = new SeedBuilder(recipe);
        foreach (var operation in recipe.Operations)
        {
            operation.AddTo(seed);
        }

        var config = seed.Config;
        foreach (var (key, values) in new[] { ("users", seed.Users), ("write_files", seed.Files), ("bootcmd", seed.BootCommands), ("runcmd", seed.RunCommands) })
        {
            if (values.Count > (key == "users" ? 1 : 0))
            {
                config[key] = values;
            }
        }

        var userData = "#cloud-config\n" + config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var instanceId = $"iid-{name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userData)))[..12]}";
        var meta = new JsonObject { ["instance-id"] = instanceId, ["local-hostname"] = seed.Hostname ?? name };
        return new Seed(userData, meta.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", instanceId);
    }
}
