namespace VirtAppliance.Repository.Signing;

/// <summary>An index that is unsigned, wrongly signed, or older than one seen before.</summary>
public sealed class SignatureException(string message) : Exception(message);
