using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Compression;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Cli.Commands.Image.Convert;

/// <summary><c>image convert [-O FMT] [-c] SRC DST</c> with qemu-img's conventions; the output is sparse and atomic.</summary>
internal sealed class ConvertCommand(CommandOutput output)
{
    /// <summary>0: --page-cache-warming off; 1: always (what the benchmarks set).</summary>
    public const string PageCacheWarmingVariable = "VIRT_APPLIANCE_PAGE_CACHE_WARMING";

    public static Command Build(CommandOutput output)
    {
        var source = new Argument<string>("SRC") { Description = "The image to read (any supported format, backing chain included)" };
        var destination = new Argument<string>("DST") { Description = "The image to write; it appears only when complete" };
        var sourceFormat = CommonOptions.Format();
        var outputFormat = new Option<string>("-O") { Description = FormatHelp.OutputFormats, DefaultValueFactory = _ => "raw" }.WithImageFormats();
        var subformat = new Option<string?>("--subformat") { Description = FormatHelp.Subformats };
        var warming = new Option<string>("--page-cache-warming") { Description = "Helper threads that prepare the output's page cache ahead of the writer: auto (once writing is slow), off, always (default: $VIRT_APPLIANCE_PAGE_CACHE_WARMING, else auto)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable(PageCacheWarmingVariable) switch { "0" => "off", "1" => "always", _ => "auto" } };
        warming.AcceptOnlyFromAmong("auto", "off", "always");
        var compress = new Option<bool>("-c") { Description = "Compress the output's clusters (qcow2)" };
        var compression = new Option<string?>("--compression") { Description = "Compression type with -c: zlib (deflate, the default) or zstd" };
        var level = new Option<int?>("--level") { Description = "Compression level (zlib 1-9, default 3 with libdeflate, 6 without; zstd 1-19, default 3)" };
        var formatOptions = new Option<string[]>("-o") { Description = "Format options as qemu-img takes them: qcow2 cluster_size, compat, refcount_bits, preallocation, compression_type; vmdk, vhdx subformat; vhd subformat, force_size; vdi static" };
        var threads = new Option<int?>("--threads") { Description = "Compression threads (default: one per processor, plus three per task other programs have runnable, up to four per processor)" };
        var progress = new Option<bool>("--progress", "-p") { Description = "Show progress even when stdout is not a terminal (percentages on stderr, as qemu-img -p)" };
        var json = CommonOptions.Json();
        var jsonOutput = CommonOptions.OutputFormat();
        var command = new Command("convert", "Convert an image to another format, optionally compressed")
        {
            source, destination, sourceFormat, outputFormat, subformat, compress, compression, level, formatOptions, threads, warming, progress, json, jsonOutput,
        };
        CommandAction.Set(command, output, (result, cancellationToken) =>
        {
            var format = FormatDetector.FromName(result.GetRequiredValue(outputFormat));
            var parsed = FormatOptions.Parse(format, result.GetValue(formatOptions) ?? [], result.GetValue(subformat));
            var qcow2 = parsed.Qcow2;
            var compressionName = result.GetValue(compression);
            var options = new ConvertOptions
            {
                OutputFormat = format,
                Subformat = parsed.Subformat,
                ExactSize = parsed.ExactSize,
                SourceFormat = result.GetValue(sourceFormat),
                Compress = result.GetValue(compress),
                Compression = compressionName is null ? qcow2.CompressionType : Qcow2OptionParser.ParseCompression(compressionName),
                CompressionLevel = result.GetValue(level),
                Qcow2 = qcow2,
                Threads = result.GetValue(threads),
                Warming = result.GetValue(warming) switch { "off" => PageCacheWarming.Off, "always" => PageCacheWarming.Always, _ => PageCacheWarming.WhenSlow },
            };
            return new ConvertCommand(output).Run(result.GetRequiredValue(source), result.GetRequiredValue(destination), options, CommonOptions.WantsJson(result, json, jsonOutput), result.GetValue(progress), cancellationToken);
        });
        return command;
    }

    public int Run(string source, string destination, ConvertOptions options, bool json, bool progressWanted, CancellationToken cancellationToken)
    {
        if (options.CompressionLevel is not null && !options.Compress)
        {
            throw new ArgumentException("--level applies only to compressed output; add -c");
        }

        var streamOptimized = string.Equals(options.Subformat, "streamOptimized", StringComparison.OrdinalIgnoreCase);
        if (output.Verbose && (options.Compress || streamOptimized))
        {
            var type = options.Compress ? options.Compression : CompressionType.Zlib;
            output.Error.WriteLine($"virt-appliance: compressing with {type.ToString().ToLowerInvariant()} through {CompressionLibraries.For(type)}");
        }

        var started = DateTime.UtcNow;
        var result = output.WithProgress($"convert → {Path.GetFileName(destination)}", json, progress =>
            ImageConverter.Convert(source, destination, options, progress, cancellationToken), forced: progressWanted);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        if (json)
        {
            var report = new ConvertReport(destination, options.OutputFormat.Name, result.Capacity, result.DataBytes, result.OutputBytes, seconds);
            output.WriteJson(report, CliJsonContext.Default.ConvertReport);
        }
        else if (output.Verbose)
        {
            output.WriteLine($"{destination}: {ByteSize.Format(result.OutputBytes)} written from {ByteSize.Format(result.DataBytes)} of data in {seconds:0.00} s");
        }

        return ExitCodes.Success;
    }
}
