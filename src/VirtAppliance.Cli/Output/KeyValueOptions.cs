namespace VirtAppliance.Cli.Output;

/// <summary>qemu-img's "-o key=value,key=value" format options.</summary>
internal static class KeyValueOptions
{
    public static Dictionary<string, string> Parse(IEnumerable<string> values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    throw new ArgumentException($"-o option '{pair}' must be written key=value");
                }

                result[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }
        }

        return result;
    }
}
