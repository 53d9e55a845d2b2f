using System.Runtime.InteropServices;

namespace VirtAppliance.Building.Interop;

/// <summary>The few libc calls .NET does not offer: who is building, and hard links.</summary>
internal static partial class Posix
{
    private const string Libc = "libc";

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport(Libc, EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string existing, string created);

    public static bool IsRoot => GetEffectiveUserId() == 0;

    public static void Link(string existing, string created)
    {
        if (LinkNative(existing, created) != 0)
        {
            throw new IOException($"{created}: cannot link to {existing} (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
