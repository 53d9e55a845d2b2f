using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt;

/// <summary>The boundary: libvirt's return conventions turned into values or <see cref="LibvirtException"/>.</summary>
internal static class Native
{
    static Native()
    {
        Interop.Interop.virInitialize();
        unsafe
        {
            // Without a handler libvirt prints every error to stderr; ours are reported as exceptions instead.
            Interop.Interop.virSetErrorFunc(IntPtr.Zero, &IgnoreError);
        }
    }

    /// <summary>Runs the static constructor; call before the first libvirt function.</summary>
    public static void EnsureInitialized()
    {
    }

    public static LibvirtException LastError(string action)
    {
        var pointer = Interop.Interop.virGetLastError();
        if (pointer == IntPtr.Zero)
        {
            return new LibvirtException($"{action} failed (libvirt gave no reason)", 0, 0);
        }

        var error = Marshal.PtrToStructure<Interop.Interop.Error>(pointer);
        var message = Marshal.PtrToStringUTF8(error.Message) ?? "unknown error";
        Interop.Interop.virResetLastError();
        return new LibvirtException($"{action}: {message}", error.Code, error.Domain);
    }

    public static int Check(int result, string action) => result < 0 ? throw LastError(action) : result;

    public static T Check<T>(T handle, string action)
        where T : SafeHandle
    {
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw LastError(action);
        }

        return handle;
    }

    /// <summary>A char* that the caller must free.</summary>
    public static unsafe string TakeString(IntPtr pointer, string action)
    {
        if (pointer == IntPtr.Zero)
        {
            throw LastError(action);
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer)!;
        }
        finally
        {
            NativeMemory.Free((void*)pointer);
        }
    }

    [UnmanagedCallersOnly]
    private static void IgnoreError(IntPtr userData, IntPtr error)
    {
    }
}
