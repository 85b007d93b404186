using System.Buffers.Text;
using System.Text.Json;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Table Storage's own continuation token, wrapped with the tenant it was issued for, so a token
/// cannot page through another tenant's partition.
/// </summary>
internal static class ContinuationTokens
{
    private sealed record Token(string T, string C);

    public static string? Seal(string? storageToken, string tenantId) => storageToken is null
        ? null
        : Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token(tenantId, storageToken)));

    public static string? Open(string? token, string tenantId)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var opened = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(token));
            if (opened is not null && opened.T == tenantId && !string.IsNullOrEmpty(opened.C))
            {
                return opened.C;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }

        throw new InvalidContinuationTokenException();
    }
}
