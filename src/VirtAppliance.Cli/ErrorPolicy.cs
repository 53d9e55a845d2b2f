namespace VirtAppliance.Cli;

/// <summary>The one place that turns exceptions into messages and exit codes.</summary>
internal static class ErrorPolicy
{
    public static int ExitCodeFor(Exception exception) => exception switch
    {
        OperationCanceledException => ExitCodes.Interrupted,
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.NoInput,
        OutputExistsException or Deployment.Instances.InstanceExistsException or Repository.Publishing.RepositoryConflictException => ExitCodes.CannotCreate,
        Repository.Signing.SignatureException => ExitCodes.BadSignature,
        Libvirt.LibvirtException or Deployment.Instances.InstanceStateException => ExitCodes.Unsupported,
        TimeoutException => ExitCodes.TimedOut,
        InvalidDataException or Descriptors.Reading.DescriptorException or Building.Kickstart.SpecException or VirtAppliance.Filesystems.Tools.StepFailedException
            or Customization.Recipes.RecipeException => ExitCodes.InvalidData,
        NotSupportedException => ExitCodes.Unsupported,
        ArgumentException => ExitCodes.Usage,
        UnauthorizedAccessException or System.Security.Authentication.AuthenticationException => ExitCodes.PermissionDenied,
        IOException => ExitCodes.IoError,
        _ => ExitCodes.Internal,
    };

    public static bool IsExpected(Exception exception) => ExitCodeFor(exception) != ExitCodes.Internal;

    public static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => "interrupted; temporary files were removed and nothing was left under a final name",
        IOException io when io.HResult == DiskFullHResult => $"{io.Message} (the disk is full: free space and run the command again)",
        _ when !IsExpected(exception) => $"internal error: {exception.Message} (run with --verbose for details and report it)",
        _ => exception.Message,
    };

    /// <summary>ENOSPC as .NET reports it on Unix.</summary>
    private const int DiskFullHResult = 28;
}
