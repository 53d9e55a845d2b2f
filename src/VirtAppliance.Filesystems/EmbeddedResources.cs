using System.Reflection;

namespace VirtAppliance.Filesystems;

/// <summary>Files shipped inside an assembly (init scripts, units), by logical name.</summary>
public static class EmbeddedResources
{
    public static byte[] Bytes(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public static string Text(Assembly assembly, string name) => System.Text.Encoding.UTF8.GetString(Bytes(assembly, name));
}
