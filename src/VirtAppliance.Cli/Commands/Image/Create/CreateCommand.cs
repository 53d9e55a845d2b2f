using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;

namespace VirtAppliance.Cli.Commands.Image.Create;

/// <summary><c>image create -f qcow2 FILE SIZE</c>, optionally with a backing file (-b, -F).</summary>
internal sealed class CreateCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string>("FILE") { Description = "The image to create" };
        var size = new Argument<string?>("SIZE") { Description = "Virtual size (bytes, or with K, M, G, T suffix); defaults to the backing file's", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("-f") { Description = "Format: qcow2 or raw", DefaultValueFactory = _ => "raw" };
        var backing = new Option<string?>("-b") { Description = "Backing file (qcow2 only)" };
        var backingFormat = new Option<string?>("-F") { Description = "Format of the backing file (detected when omitted)" };
        var formatOptions = new Option<string[]>("-o") { Description = "qcow2 options: cluster_size, compat, refcount_bits, preallocation, compression_type, lazy_refcounts" };
        var force = CommonOptions.Force();
        var command = new Command("create", "Create an empty image") { file, size, format, backing, backingFormat, formatOptions, force };
        CommandAction.Set(command, output, (result, _) => new CreateCommand(output).Run(
            result.GetRequiredValue(file), result.GetValue(size), result.GetRequiredValue(format), result.GetValue(backing),
            result.GetValue(backingFormat), KeyValueOptions.Parse(result.GetValue(formatOptions) ?? []), result.GetValue(force)));
        return command;
    }

    public int Run(string file, string? size, string format, string? backing, string? backingFormat, IReadOnlyDictionary<string, string> formatOptions, bool force)
    {
        var diskFormat = FormatDetector.FromName(format);
        var options = Qcow2OptionParser.Apply(formatOptions, new Qcow2CreateOptions { Capacity = 0 });
        backing ??= options.BackingFile;
        backingFormat ??= options.BackingFormat;
        if (diskFormat is RawFormat && formatOptions.Count > 0)
        {
            throw new ArgumentException("-o options apply to qcow2 only; raw images take none");
        }

        if (backing is not null && diskFormat is not Qcow2Format)
        {
            throw new ArgumentException("a backing file (-b) needs -f qcow2");
        }

        long capacity;
        if (backing is not null)
        {
            using var backingImage = DiskImageOpener.Open(DiskImageOpener.ResolveBackingPath(file, backing), writable: false, backingFormat);
            backingFormat ??= backingImage.Format.Name;
            capacity = size is null ? backingImage.Capacity : ByteSize.Parse(size, "SIZE");
        }
        else
        {
            capacity = size is null ? throw new ArgumentException("SIZE is required when there is no backing file") : ByteSize.Parse(size, "SIZE");
        }

        AtomicOutput.Write(file, force, temporary =>
        {
            using var image = diskFormat is RawFormat
                ? (DiskImage)RawImage.Create(temporary, capacity)
                : Qcow2Image.Create(temporary, options with { Capacity = capacity, BackingFile = backing, BackingFormat = backingFormat });
        });
        if (output.Verbose)
        {
            output.WriteLine($"Formatting '{file}', fmt={diskFormat.Name} size={capacity}");
        }

        return ExitCodes.Success;
    }
}
