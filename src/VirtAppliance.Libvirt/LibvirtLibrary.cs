namespace VirtAppliance.Libvirt;

/// <summary>The libvirt client library this process loads (libvirt.so.0), without connecting anywhere.</summary>
public static class LibvirtLibrary
{
    /// <summary>Its version ("9.0.0"), or null when the library cannot be loaded.</summary>
    public static string? Version()
    {
        try
        {
            ulong version;
            unsafe
            {
                if (Interop.Interop.virGetVersion(&version, null, null) < 0)
                {
                    return null;
                }
            }

            return $"{version / 1_000_000}.{version / 1_000 % 1_000}.{version % 1_000}";
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }
}
