using System.Text.Json;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Deployment.Storage;

/// <summary>Instance plans on disk: STATE/instances/NAME/plan.json, written to a temporary name and renamed.</summary>
public sealed class InstanceStore(StateDirectory state)
{
    public const string PlanFileName = "plan.json";

    public StateDirectory State { get; } = state;

    public string FolderOf(string name) => State.InstanceFolder(InstanceNames.Validate(name));

    public string PlanPathOf(string name) => Path.Combine(FolderOf(name), PlanFileName);

    public void Save(InstancePlan plan)
    {
        var folder = FolderOf(plan.Name);
        Directory.CreateDirectory(folder);
        var path = PlanPathOf(plan.Name);
        var temporary = DiskImages.TemporaryFile.For(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                InstancePlanJson.Write(stream, plan);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            DiskImages.TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }

    public InstancePlan? TryLoad(string name)
    {
        var path = PlanPathOf(name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return InstancePlanJson.Read(File.ReadAllBytes(path));
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the instance plan is not valid ({error.Message}); remove the folder {FolderOf(name)} by hand if the instance is gone", error);
        }
    }

    public InstancePlan Load(string name) =>
        TryLoad(name) ?? throw new FileNotFoundException($"no instance named '{name}' (see 'virt-appliance list')", PlanPathOf(name));

    /// <summary>Every instance with a plan, by name.</summary>
    public IReadOnlyList<InstancePlan> List()
    {
        if (!Directory.Exists(State.Instances))
        {
            return [];
        }

        return Directory.EnumerateDirectories(State.Instances)
            .Select(Path.GetFileName)
            .Where(name => name is not null && File.Exists(Path.Combine(State.Instances, name, PlanFileName)))
            .Order(StringComparer.Ordinal)
            .Select(name => TryLoad(name!)!)
            .ToList();
    }

    /// <summary>Removes the plan (last, so an interrupted removal can be repeated) and the folder when nothing else is left in it.</summary>
    public void Remove(string name)
    {
        File.Delete(PlanPathOf(name));
        var folder = FolderOf(name);
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }
}
