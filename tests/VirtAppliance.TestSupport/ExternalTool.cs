using System.Diagnostics;

namespace VirtAppliance.TestSupport;

/// <summary>Runs the peer tools (qemu-img, qemu-io) the README's setup installs. A missing tool fails the test.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string tool, params string[] arguments) => Run(new Invocation(tool, arguments));

    /// <summary>Where and how long a tool runs: its folder, variables added to the environment, and a limit after which it is killed.</summary>
    public sealed record Invocation(string Tool, IReadOnlyList<string> Arguments)
    {
        public string? Folder { get; init; }

        public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

        public TimeSpan Limit { get; init; } = Timeout.InfiniteTimeSpan;
    }

    public static Result Run(Invocation invocation)
    {
        var info = new ProcessStartInfo(invocation.Tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = invocation.Folder ?? "",
        };
        foreach (var argument in invocation.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in invocation.Environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{invocation.Tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"{invocation.Tool} is not installed; run the README's test setup (scripts/test.sh) first", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(invocation.Limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new Result(-1, output.Result, $"{error.Result}\n{invocation.Tool} did not finish within {invocation.Limit} and was killed");
            }

            process.WaitForExit();
            return new Result(process.ExitCode, output.Result, error.Result);
        }
    }

    /// <summary>Runs a tool and fails the test unless it exits 0.</summary>
    public static string Ok(string tool, params string[] arguments) => Ok(new Invocation(tool, arguments));

    public static string Ok(Invocation invocation)
    {
        var result = Run(invocation);
        Assert.True(result.ExitCode == 0, $"{invocation.Tool} {string.Join(' ', invocation.Arguments)} exited {result.ExitCode}: {result.Error}{result.Output}");
        return result.Output;
    }

    public static string QemuImg(params string[] arguments) => Ok("qemu-img", arguments);

    public static string QemuIo(string image, params string[] commands)
    {
        var arguments = new List<string>();
        foreach (var command in commands)
        {
            arguments.Add("-c");
            arguments.Add(command);
        }

        arguments.Add(image);
        return Ok("qemu-io", [.. arguments]);
    }

    /// <summary>Asserts qemu-img check finds no errors and no leaks.</summary>
    public static void AssertCleanCheck(string image)
    {
        var result = Run("qemu-img", "check", image);
        Assert.True(result.ExitCode == 0, $"qemu-img check {image} exited {result.ExitCode}:\n{result.Output}{result.Error}");
    }

    public static void AssertIdentical(string a, string b)
    {
        var result = Run("qemu-img", "compare", a, b);
        Assert.True(result.ExitCode == 0, $"qemu-img compare {a} {b} exited {result.ExitCode}: {result.Output}{result.Error}");
    }
}
