using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Cli.Commands.Image.Create;

/// <summary><c>image create -f qcow2 FILE SIZE</c>, optionally with a backing file (-b, -F).</summary>
internal sealed class CreateCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string>("FILE") { Description = "The image to create" };
        var size = new Argument<string?>("SIZE") { Description = "Virtual size (bytes, or with K, M, G, T suffix); defaults to the backing file's", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("-f") { Description = FormatHelp.CreateFormats, DefaultValueFactory = _ => "raw" }.WithImageFormats();
        var subformat = new Option<string?>("--subformat") { Description = FormatHelp.Subformats };
        var backing = new Option<string?>("-b") { Description = "Backing file (qcow2 only)" };
        var backingFormat = new Option<string?>("-F") { Description = "Format of the backing file (detected when omitted)" }.WithImageFormats();
        var formatOptions = new Option<string[]>("-o") { Description = "Format options as qemu-img takes them (qcow2: cluster_size, compat, refcount_bits, preallocation, compression_type, lazy_refcounts; vhd: subformat, force_size; vdi: static)" };
        var force = CommonOptions.Force();
        var command = new Command("create", "Create an empty image") { file, size, format, subformat, backing, backingFormat, formatOptions, force };
        CommandAction.Set(command, output, (result, _) =>
        {
            var diskFormat = FormatDetector.FromName(result.GetRequiredValue(format));
            var parsed = FormatOptions.Parse(diskFormat, result.GetValue(formatOptions) ?? [], result.GetValue(subformat));
            return new CreateCommand(output).Run(
                result.GetRequiredValue(file), result.GetValue(size), diskFormat, parsed, result.GetValue(backing), result.GetValue(backingFormat), result.GetValue(force));
        });
        return command;
    }

    public int Run(string file, string? size, DiskFormat diskFormat, FormatOptions.Parsed parsed, string? backing, string? backingFormat, bool force)
    {
        var options = parsed.Qcow2;
        backing ??= options.BackingFile;
        backingFormat ??= options.BackingFormat;
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
            using var image = diskFormat.Create(temporary, new ImageCreation
            {
                FinalName = Path.GetFileName(file),
                Capacity = capacity,
                Subformat = parsed.Subformat,
                ExactSize = parsed.ExactSize,
                Qcow2 = options with { Capacity = capacity, BackingFile = backing, BackingFormat = backingFormat },
            });
            image.Flush();
        });
        if (output.Verbose)
        {
            output.WriteLine($"Formatting '{file}', fmt={diskFormat.Name} size={capacity}");
        }

        return ExitCodes.Success;
    }
}
