using System.Buffers.Text;
using System.Text.Json;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// A position to go on from (Table Storage's own continuation token, a history position, or a filtered list's <see cref="ListPosition"/>), wrapped
/// with the scope it was issued for (a tenant, or one account), so a token cannot page through
/// another tenant's partition.
/// </summary>
internal static class ContinuationTokens
{
    private sealed record Token(string T, string C);

    public static string? Seal(string? storageToken, string scope) => storageToken is null
        ? null
        : Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token(scope, storageToken)));

    public static string? Open(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var opened = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(token));
            if (opened is not null && opened.T == scope && !string.IsNullOrEmpty(opened.C))
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
