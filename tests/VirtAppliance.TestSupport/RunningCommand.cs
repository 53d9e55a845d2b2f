using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace VirtAppliance.TestSupport;

/// <summary>
/// The virt-appliance executable started and left running: its output is collected as it comes, stdin stays open for
/// the test to type into, and it can be sent a signal as Ctrl-C, <c>timeout</c> or a service manager would.
/// </summary>
public sealed partial class RunningCommand : IDisposable
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly Task reading;

    private RunningCommand(Process process)
    {
        this.process = process;
        reading = Task.WhenAll(Collect(process.StandardOutput, output), Collect(process.StandardError, error));
    }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> (the command under test unless given) with XDG_STATE_HOME set, and with the
    /// signals the tests send at their default disposition: a test run started in the background of a shell without job
    /// control inherits SIGINT ignored, and a program rightly keeps ignoring what it was started ignoring. (coreutils' env
    /// by its path: the fast tier runs with nothing but the .NET SDK on PATH.)
    /// </summary>
    public static RunningCommand Start(string stateHome, IReadOnlyList<string> arguments, string? fileName = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = ApplianceCommand.StartInfo(stateHome, environment, ["--default-signal=HUP,INT,TERM", fileName ?? ApplianceCommand.Executable, .. arguments], "/usr/bin/env");
        info.RedirectStandardInput = true;
        return new RunningCommand(Process.Start(info)!);
    }

    public void Type(string text)
    {
        process.StandardInput.Write(text);
        process.StandardInput.Flush();
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(process.Id, signal));

    /// <summary>Waits until stdout shows <paramref name="text"/> after position <paramref name="from"/>; the position after it.</summary>
    public int WaitForOutput(string text, TimeSpan limit, int from = 0)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var seen = Output;
            var at = seen.IndexOf(text, Math.Min(from, seen.Length), StringComparison.Ordinal);
            if (at >= 0)
            {
                return at + text.Length;
            }

            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"'{text}' did not appear on stdout within {limit.TotalSeconds} s (exited: {process.HasExited}); stdout:\n{seen}\nstderr:\n{Error()}");
            Thread.Sleep(50);
        }
    }

    public ApplianceCommand.Result WaitForExit(TimeSpan limit)
    {
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the command did not exit within {limit.TotalSeconds} s; stdout:\n{Output}\nstderr:\n{Error()}");
        }

        reading.Wait(limit);
        return new ApplianceCommand.Result(process.ExitCode, Output, Error());
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private string Error()
    {
        lock (error)
        {
            return error.ToString();
        }
    }

    private static async Task Collect(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
