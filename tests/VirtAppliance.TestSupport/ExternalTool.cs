using System.Diagnostics;

namespace VirtAppliance.TestSupport;

/// <summary>Runs the peer tools (qemu-img, qemu-io) the README's setup installs. A missing tool fails the test.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"{tool} is not installed; run the README's test setup (scripts/test.sh) first", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return new Result(process.ExitCode, output.Result, error.Result);
        }
    }

    /// <summary>Runs a tool and fails the test unless it exits 0.</summary>
    public static string Ok(string tool, params string[] arguments)
    {
        var result = Run(tool, arguments);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}{result.Output}");
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
