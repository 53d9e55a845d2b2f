using System.Diagnostics;
using System.IO.Compression;
using System.Globalization;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>Fills the staged root from the spec's root source.</summary>
internal static class RootStager
{
    public static void Stage(BuildSpec spec, string root, OwnershipLedger ledger, string workFolder, long epoch, CancellationToken cancellationToken)
    {
        switch (spec.Appliance.Root)
        {
            case BusyboxRootSource:
                BusyboxRoot.Create(root, spec.Network, cancellationToken);
                break;
            case DirectoryRootSource directory:
                var folder = spec.ResolvePath(directory.Path);
                if (!Directory.Exists(folder))
                {
                    throw new SpecException(spec.File, directory.Line, $"root directory {folder} does not exist");
                }

                ExtractFromTool(["--numeric-owner", "-C", folder, "-cf", "-", "."], root, ledger, folder, cancellationToken);
                break;
            case TarRootSource tar:
                var archive = spec.ResolvePath(tar.Path);
                if (!File.Exists(archive))
                {
                    throw new SpecException(spec.File, tar.Line, $"root archive {archive} does not exist");
                }

                ExtractArchive(archive, root, ledger, cancellationToken);
                break;
            case DebianRootSource debian:
                var output = Path.Combine(workFolder, "mmdebstrap.tar");
                Mmdebstrap.Run(spec, debian, output, epoch, cancellationToken);
                ExtractArchive(output, root, ledger, cancellationToken);
                File.Delete(output);
                break;
            default:
                throw new InvalidOperationException("the spec has no root source");
        }
    }

    /// <summary>Reads a tar archive, plain or compressed with gzip (here), xz, bzip2 or zstd (their tools).</summary>
    public static void ExtractArchive(string archive, string root, OwnershipLedger ledger, CancellationToken cancellationToken)
    {
        var head = new byte[6];
        using (var probe = File.OpenRead(archive))
        {
            probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        string? decompressor = head switch
        {
            [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] => "xz",
            [0x28, 0xb5, 0x2f, 0xfd, ..] => "zstd",
            [0x42, 0x5a, 0x68, ..] => "bzip2",
            _ => null,
        };
        if (decompressor is not null)
        {
            ExtractFromTool(decompressor, ["-dc", archive], root, ledger, archive, cancellationToken);
            return;
        }

        using var file = File.OpenRead(archive);
        using var stream = head is [0x1f, 0x8b, ..] ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        TarExtractor.Extract(stream, root, ledger, archive, cancellationToken);
    }

    private static void ExtractFromTool(IReadOnlyList<string> tarArguments, string root, OwnershipLedger ledger, string source, CancellationToken cancellationToken) =>
        ExtractFromTool("tar", tarArguments, root, ledger, source, cancellationToken);

    private static void ExtractFromTool(string tool, IReadOnlyList<string> arguments, string root, OwnershipLedger ledger, string source, CancellationToken cancellationToken)
    {
        var info = HostTools.StartInfo(tool, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;

        using var process = Process.Start(info) ?? throw new NotSupportedException($"{tool} did not start");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            TarExtractor.Extract(process.StandardOutput.BaseStream, root, ledger, source, cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }

        if (process.ExitCode != 0)
        {
            throw new StepFailedException($"reading {source} failed: {tool} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {errors.Result.Trim()}");
        }
    }
}
