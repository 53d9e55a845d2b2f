namespace VirtAppliance.Cli.Commands.Validate;

/// <summary>What <c>validate --json</c> prints.</summary>
internal sealed record ValidateReport(string File, bool Valid, int? Schema, IReadOnlyList<ValidateProblem> Problems);

internal sealed record ValidateProblem(string File, int Line, int Column, string Severity, string Message);
