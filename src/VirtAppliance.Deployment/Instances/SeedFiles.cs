using VirtAppliance.Customization.Recipes;
using VirtAppliance.Customization.Seeds;
using VirtAppliance.Deployment.Planning;

namespace VirtAppliance.Deployment.Instances;

/// <summary>The cloud-init NoCloud seed of deploy --recipe-mode seed: written once (atomically) into the instance folder.</summary>
internal static class SeedFiles
{
    public static void Ensure(InstancePlan plan, InstanceRecipe recipe)
    {
        var disk = plan.Disks.Single(d => d.Id == DeploymentPlanner.SeedDiskId);
        if (File.Exists(disk.Path))
        {
            return;
        }

        var seed = CloudConfigCompiler.Compile(recipe.Read(), plan.Name);
        SeedWriter.Write(seed, disk.Path, vfat: false, plan.CreatedAt.ToUnixTimeSeconds());
    }

    public static void Remove(InstancePlan plan)
    {
        foreach (var disk in plan.Disks.Where(d => d.Id == DeploymentPlanner.SeedDiskId))
        {
            File.Delete(disk.Path);
        }
    }
}
