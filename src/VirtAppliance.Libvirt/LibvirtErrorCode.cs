namespace VirtAppliance.Libvirt;

/// <summary>The virErrorNumber values this project reacts to.</summary>
public static class LibvirtErrorCode
{
    public const int InternalError = 1;
    public const int NoSupport = 3;
    public const int NoConnect = 5;
    public const int OperationFailed = 9;
    public const int DomainExists = 28;
    public const int SystemError = 38;
    public const int NoDomain = 42;
    public const int NoStoragePool = 49;
    public const int NoStorageVolume = 50;
    public const int OperationInvalid = 55;
    public const int NoDomainMetadata = 80;
}
