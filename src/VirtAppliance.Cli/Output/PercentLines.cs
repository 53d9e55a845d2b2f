using System.Globalization;
using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Cli.Output;

/// <summary>Progress for logs: one line per whole percent, "    (42.00/100%)" as qemu-img -p prints it.</summary>
internal sealed class PercentLines(TextWriter writer) : IProgress<TransferProgress>
{
    private int lastPercent = -1;

    public void Report(TransferProgress value)
    {
        var percent = value.Total <= 0 ? 0 : (int)Math.Min(100, value.Done * 100 / value.Total);
        Write(percent);
    }

    public void Finish() => Write(100);

    private void Write(int percent)
    {
        lock (writer)
        {
            if (percent <= lastPercent)
            {
                return;
            }

            lastPercent = percent;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ({percent:0.00}/100%)"));
        }
    }
}
