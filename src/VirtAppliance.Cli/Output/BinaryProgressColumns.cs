using Spectre.Console;
using Spectre.Console.Rendering;

namespace VirtAppliance.Cli.Output;

/// <summary>Bytes done of the total, in binary units as qemu-img and every other output of the command prints them.</summary>
internal sealed class BinaryDownloadedColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text($"{ByteSize.Format((long)task.Value)}/{ByteSize.Format((long)task.MaxValue)}");
}

/// <summary>The transfer rate in binary units per second.</summary>
internal sealed class BinaryRateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? $"{ByteSize.Format((long)speed)}/s" : "?/s");
}
