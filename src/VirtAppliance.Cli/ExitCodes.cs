namespace VirtAppliance.Cli;

/// <summary>Process exit codes; docs/exit-codes.md documents them. Error codes follow BSD sysexits.h.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>compare: the images differ. check: the check could not be completed.</summary>
    public const int Negative = 1;

    /// <summary>check: corruptions found. compare: an error prevented the comparison (as qemu-img compare).</summary>
    public const int CheckCorruptions = 2;

    public const int CompareError = 2;

    /// <summary>check: only leaked clusters found.</summary>
    public const int CheckLeaks = 3;

    /// <summary>check: the format cannot be checked (as qemu-img check).</summary>
    public const int CheckNotSupported = 63;

    public const int Usage = 64;
    public const int InvalidData = 65;
    public const int NoInput = 66;
    public const int Unsupported = 69;
    public const int Internal = 70;

    /// <summary>deploy --wait-for: the text did not appear in time, or the guest stopped first.</summary>
    public const int TimedOut = 75;
    public const int CannotCreate = 73;

    /// <summary>A repository index that is unsigned, signed by another key, or older than one seen before.</summary>
    public const int BadSignature = 76;
    public const int IoError = 74;
    public const int PermissionDenied = 77;
    public const int Interrupted = 130;

    /// <summary>Ended by SIGHUP (128 + 1): the terminal went away.</summary>
    public const int HungUp = 129;

    /// <summary>Ended by SIGTERM (128 + 15, as shells report it).</summary>
    public const int Terminated = 143;
}
