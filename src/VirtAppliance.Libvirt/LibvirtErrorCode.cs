namespace VirtAppliance.Libvirt;

/// <summary>The virErrorNumber values this project reacts to.</summary>
public static class LibvirtErrorCode
{
    /// <summary>VIR_ERR_INTERNAL_ERROR.</summary>
    public const int InternalError = 1;

    /// <summary>VIR_ERR_NO_SUPPORT.</summary>
    public const int NoSupport = 3;

    /// <summary>VIR_ERR_NO_CONNECT.</summary>
    public const int NoConnect = 5;

    /// <summary>VIR_ERR_OPERATION_FAILED.</summary>
    public const int OperationFailed = 9;

    /// <summary>VIR_ERR_DOM_EXIST.</summary>
    public const int DomainExists = 28;

    /// <summary>VIR_ERR_SYSTEM_ERROR.</summary>
    public const int SystemError = 38;

    /// <summary>VIR_ERR_NO_DOMAIN.</summary>
    public const int NoDomain = 42;

    /// <summary>VIR_ERR_NO_STORAGE_POOL.</summary>
    public const int NoStoragePool = 49;

    /// <summary>VIR_ERR_NO_STORAGE_VOL.</summary>
    public const int NoStorageVolume = 50;

    /// <summary>VIR_ERR_OPERATION_INVALID.</summary>
    public const int OperationInvalid = 55;

    /// <summary>VIR_ERR_NO_DOMAIN_METADATA.</summary>
    public const int NoDomainMetadata = 80;
}
