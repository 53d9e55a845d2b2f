namespace VirtAppliance.Libvirt;

/// <summary>virDomainConsoleFlags.</summary>
[Flags]
public enum ConsoleFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Take the console over from whoever holds it (VIR_DOMAIN_CONSOLE_FORCE).</summary>
    Force = 1,

    /// <summary>Refuse unless the driver can guarantee exclusive access (VIR_DOMAIN_CONSOLE_SAFE).</summary>
    Safe = 2,
}
