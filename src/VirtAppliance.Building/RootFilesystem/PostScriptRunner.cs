using VirtAppliance.Building.Interop;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>
/// Runs %post scripts: in the staged root through chroot (inside a user namespace when not root, where the builder's
/// files appear as root's), or on the build host with INSTALL_ROOT set (--nochroot). Any failure stops the build.
/// </summary>
internal static class PostScriptRunner
{
    private const string ScriptName = ".virt-appliance-post";

    public static void Run(BuildSpec spec, PostScript script, string root, long epoch, CancellationToken cancellationToken)
    {
        var step = $"%post ({Path.GetFileName(spec.File)} line {script.Line})";
        var environment = new Dictionary<string, string>
        {
            ["INSTALL_ROOT"] = root,
            ["SOURCE_DATE_EPOCH"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/root",
            ["DEBIAN_FRONTEND"] = "noninteractive",
        };
        if (script.NoChroot)
        {
            var hostScript = Path.Combine(Path.GetDirectoryName(root)!, ScriptName);
            File.WriteAllText(hostScript, script.Body);
            try
            {
                ToolRunner.Run(step, script.Interpreter, [.. ErrExit(script.Interpreter), hostScript], environment, workingDirectory: root, cancellationToken: cancellationToken);
            }
            finally
            {
                File.Delete(hostScript);
            }

            return;
        }

        var interpreter = GuestPath.Normalize(script.Interpreter) ?? script.Interpreter;
        var interpreterOnHost = GuestPath.OnHost(root, interpreter);
        if (!File.Exists(interpreterOnHost) && !StagedFolder.IsLink(interpreterOnHost))
        {
            throw new SpecException(spec.File, script.Line, $"%post needs {interpreter} inside the root filesystem, which has none (use --interpreter or --nochroot)");
        }

        var guestScript = "/" + ScriptName;
        var scriptOnHost = GuestPath.OnHost(root, guestScript);
        File.WriteAllText(scriptOnHost, script.Body);
        try
        {
            IEnumerable<string> command = ["chroot", root, interpreter, .. ErrExit(interpreter), guestScript];
            var (tool, arguments) = Posix.IsRoot ? ("chroot", command.Skip(1)) : ("unshare", command.Prepend("--map-root-user"));
            ToolRunner.Run(step, tool, arguments, environment, cancellationToken: cancellationToken);
        }
        finally
        {
            File.Delete(scriptOnHost);
        }
    }

    /// <summary>Shell scripts run with -e: the first failing command fails the %post, not only the last one.</summary>
    private static string[] ErrExit(string interpreter) =>
        Path.GetFileName(interpreter) is "sh" or "bash" or "dash" or "ash" ? ["-e"] : [];
}
