using System.Diagnostics;
using System.Text.Json;

namespace VirtAppliance.TestSupport;

/// <summary>Runs the virt-appliance executable built beside the tests, as a user would, in a state folder of the test's own.</summary>
public static class ApplianceCommand
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement;
    }

    /// <summary>
    /// The command under test: $VIRT_APPLIANCE_COMMAND when set (scripts/test.sh sets the published, ahead-of-time
    /// compiled one, which users run), else the build beside the tests.
    /// </summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("VIRT_APPLIANCE_COMMAND") is { Length: > 0 } command ? command : Path.Combine(AppContext.BaseDirectory, "virt-appliance");

    /// <summary>Runs <paramref name="executable"/> instead when given (the published command, say); <paramref name="input"/> is its standard input.</summary>
    public static Result Run(string stateHome, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string> arguments, TimeSpan limit, string? executable = null, string? input = null)
    {
        var info = StartInfo(stateHome, environment, arguments, executable);
        info.RedirectStandardInput = input is not null;
        using var process = Process.Start(info)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"virt-appliance {string.Join(' ', arguments)} did not finish within {limit.TotalSeconds} s");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>How a test starts the command (or <paramref name="executable"/>): output captured, XDG_STATE_HOME its own.</summary>
    public static ProcessStartInfo StartInfo(string stateHome, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string> arguments, string? executable = null)
    {
        var info = new ProcessStartInfo(executable ?? Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["XDG_STATE_HOME"] = stateHome;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Where the .NET runtime is, for programs built beside the tests (the published command needs none).</summary>
    public static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VirtAppliance.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (VirtAppliance.slnx) is not above the test's folder");
    }

    public static bool WaitForText(string path, string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(200);
        }

        return false;
    }
}
