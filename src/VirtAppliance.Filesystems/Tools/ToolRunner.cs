using System.Diagnostics;
using System.Text;

namespace VirtAppliance.Filesystems.Tools;

/// <summary>Runs the build's external tools (mke2fs, mkfs.fat, mcopy, syslinux, mmdebstrap, chroot ...) and turns failures into StepFailedException.</summary>
public static class ToolRunner
{
    /// <summary>How much of a failing tool's output the error shows (its end, where the reason is).</summary>
    private const int OutputShown = 4000;

    /// <summary>A chatty tool (mmdebstrap, a %post) keeps only its last output in memory.</summary>
    private const int OutputKept = 256 << 10;

    public sealed record Result(int ExitCode, string Output);

    /// <param name="step">what the build was doing, for the message ("making the ext4 filesystem for / (line 3)")</param>
    public static string Run(string step, string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var result = Execute(tool, arguments, environment, workingDirectory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new StepFailedException($"{step} failed: {tool} exited {result.ExitCode}:\n{Tail(result.Output)}");
        }

        return result.Output;
    }

    public static Result Execute(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var info = HostTools.StartInfo(tool, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.WorkingDirectory = workingDirectory ?? "";
        info.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using (var process = Process.Start(info) ?? throw new NotSupportedException($"{tool} did not start"))
        {
            process.StandardInput.Close();
            var output = new StringBuilder();
            var gate = new object();
            void Append(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (gate)
                {
                    output.AppendLine(line);
                    if (output.Length > OutputKept)
                    {
                        output.Remove(0, output.Length - OutputKept / 2);
                    }
                }
            }

            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using (cancellationToken.Register(() => Kill(process)))
            {
                process.WaitForExit();
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (gate)
            {
                return new Result(process.ExitCode, output.ToString());
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Tail(string output)
    {
        output = output.TrimEnd();
        return output.Length <= OutputShown ? output : "...\n" + output[^OutputShown..];
    }
}
