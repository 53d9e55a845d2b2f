using Spectre.Console;

namespace VirtAppliance.Cli.Output;

/// <summary>A listing: a table with headers on a terminal, tab-separated lines without headers in pipes (for scripts).</summary>
internal static class Rows
{
    public static void Write(CommandOutput output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (output.IsTerminal)
        {
            WriteTable(output, headers, rows);
            return;
        }

        foreach (var row in rows)
        {
            output.WriteLine(string.Join('\t', row));
        }
    }

    /// <summary>Kept apart so that runs in pipes never load Spectre.Console.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void WriteTable(CommandOutput output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table();
        foreach (var header in headers)
        {
            table.AddColumn(header);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        output.Draw(table);
    }
}
