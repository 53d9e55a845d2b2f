namespace VirtAppliance.Libvirt;

/// <summary>Every libvirt failure, from virGetLastError: libvirt's error code and domain (module) with its message.</summary>
public sealed class LibvirtException(string message, int code, int errorDomain) : Exception(message)
{
    /// <summary>virErrorNumber (see <see cref="LibvirtErrorCode"/>).</summary>
    public int Code { get; } = code;

    /// <summary>virErrorDomain: the libvirt module that reported it (10 = QEMU, 12 = remote, ...).</summary>
    public int ErrorDomain { get; } = errorDomain;
}
