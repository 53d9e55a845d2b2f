using System.Text.Json;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>A registry token and when it stops being reused (its expires_in, 60 s when absent, counted from receipt).</summary>
public sealed record BearerToken(string Value, DateTimeOffset Expires)
{
    /// <summary>The token service answer is a small JSON document.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The distribution spec's default lifetime (and minimum a service should give).</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    /// <summary>A token is not sent in its last seconds: the request could arrive after it expired.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    public bool IsUsable(DateTimeOffset now) => now < Expires - Margin;

    /// <summary>{"token": …} or {"access_token": …}, with "expires_in" seconds.</summary>
    public static BearerToken Parse(ReadOnlySpan<byte> answer, DateTimeOffset received, string realm)
    {
        if (answer.Length > MaxBytes)
        {
            throw new InvalidDataException($"the token service {realm} answered with {answer.Length} bytes; at most {MaxBytes} are read");
        }

        try
        {
            using var document = JsonDocument.Parse(answer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var token = Text(root, "token") is { Length: > 0 } value ? value : Text(root, "access_token");
                if (token is { Length: > 0 })
                {
                    var lifetime = root.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt32(out var s) && s > 0
                        ? TimeSpan.FromSeconds(s)
                        : DefaultLifetime;
                    return new BearerToken(token, received + lifetime);
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
        }

        throw new InvalidDataException($"the token service {realm} did not answer with a token ({{\"token\": …}})");
    }

    /// <summary>Never the token itself.</summary>
    public override string ToString() => $"a token until {Expires:u}";

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
