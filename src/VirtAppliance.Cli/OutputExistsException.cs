namespace VirtAppliance.Cli;

/// <summary>The output file exists and the command does not replace files unless asked to.</summary>
internal sealed class OutputExistsException(string path)
    : IOException($"{path} already exists; remove it or pass --force to replace it");
