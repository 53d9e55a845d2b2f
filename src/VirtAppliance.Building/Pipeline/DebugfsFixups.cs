using System.Globalization;
using System.Text;
using VirtAppliance.Building.RootFilesystem;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Building.Pipeline;

/// <summary>Gives an ext filesystem what the staged tree could not hold (other owners, device nodes, FIFOs) through debugfs -w.</summary>
internal static class DebugfsFixups
{
    private const int CharacterDeviceType = 0x2000;
    private const int BlockDeviceType = 0x6000;
    private const int FifoType = 0x1000;

    public static void Apply(string disk, long offset, OwnershipLedger ledger, long epoch, string workFolder, CancellationToken cancellationToken)
    {
        if (ledger.Owners.Count == 0 && ledger.SpecialFiles.Count == 0)
        {
            return;
        }

        var script = new StringBuilder();
        foreach (var (path, special) in ledger.SpecialFiles.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // debugfs's mknod links the name into its current folder.
            var folder = path[..(path.LastIndexOf('/') + 1)];
            var name = Quote(path[(path.LastIndexOf('/') + 1)..]);
            var type = special.Kind switch { 'c' => CharacterDeviceType, 'b' => BlockDeviceType, _ => FifoType };
            script.Append(CultureInfo.InvariantCulture, $"cd {Quote(folder)}\n");
            script.Append(special.Kind == 'p'
                ? $"mknod {name} p\n"
                : string.Create(CultureInfo.InvariantCulture, $"mknod {name} {special.Kind} {special.Major} {special.Minor}\n"));
            script.Append(CultureInfo.InvariantCulture, $"sif {Quote(path)} mode 0{Convert.ToString(type | (int)special.Mode, 8)}\n");
        }

        foreach (var (path, (uid, gid)) in ledger.Owners.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            script.Append(CultureInfo.InvariantCulture, $"sif {Quote(path)} uid {uid}\nsif {Quote(path)} gid {gid}\n");
        }

        var file = Path.Combine(workFolder, $"debugfs-{offset}.txt");
        File.WriteAllText(file, script.ToString());
        var environment = new Dictionary<string, string> { ["E2FSPROGS_FAKE_TIME"] = epoch.ToString(CultureInfo.InvariantCulture) };
        var output = ToolRunner.Run("setting owners and device nodes", "debugfs", ["-w", "-f", file, $"{disk}?offset={offset}"], environment,
            cancellationToken: cancellationToken);
        File.Delete(file);
        var problems = output.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith("debugfs", StringComparison.Ordinal) && !line.StartsWith("Allocated inode:", StringComparison.Ordinal))
            .ToList();
        if (problems.Count > 0)
        {
            throw new StepFailedException($"setting owners and device nodes with debugfs failed:\n{string.Join('\n', problems.Take(20))}");
        }
    }

    private static string Quote(string path)
    {
        if (path.Contains('"') || path.Contains('\n'))
        {
            throw new InvalidDataException($"{path}: file names with '\"' or line breaks cannot be given owners by debugfs");
        }

        return $"\"{path}\"";
    }
}
