namespace VirtAppliance.Deployment.Connections;

/// <summary>Reads settings from libvirt's configuration files (key = "value" lines, # comments), as its client does for the few it needs.</summary>
public static class LibvirtConf
{
    /// <summary>The string value of <paramref name="key"/>, or null when it is not set.</summary>
    public static string? Value(string text, string key)
    {
        string? value = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=');
            if (line.StartsWith('#') || equals <= 0 || line[..equals].Trim() != key)
            {
                continue;
            }

            var rest = line[(equals + 1)..].Trim();
            if (rest.Length >= 2 && rest[0] == '"' && rest.IndexOf('"', 1) is var close and > 0)
            {
                value = rest[1..close];
            }
        }

        return value;
    }
}
