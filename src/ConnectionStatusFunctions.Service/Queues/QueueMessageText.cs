using System.Text;
using System.Text.Json;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// Every queue's message text, read and poisoned one way. Senders write plain JSON (the Azure SDK's
/// default) or base64 JSON (the Functions output binding's default), with or without a UTF-8
/// byte-order mark (PowerShell's and .NET's UTF-8 writers add one); all of these are read alike.
/// </summary>
public static partial class QueueMessageText
{
    /// <summary>Queue Storage refuses a message over 64 KiB; the poison record stays below it, with room to spare.</summary>
    public const int MaxPoisonRecordBytes = 60 * 1024;

    private const char ByteOrderMark = '\uFEFF';

    /// <summary>
    /// The message as <typeparamref name="T"/>, or the reason it can never be one. Strict: the bytes
    /// must be UTF-8 and the JSON must follow <see cref="ServiceJson.Options"/>.
    /// </summary>
    public static bool TryRead<T>(string message, int maxLength, string expected, out T? value, out string problem) where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        value = null;
        if (message.Length > maxLength)
        {
            problem = $"The message is larger than {maxLength} characters.";
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(Payload(message).Span, ServiceJson.Options);
            problem = value is null ? $"The message is JSON null, not a {expected}." : string.Empty;
            return value is not null;
        }
        catch (JsonException e)
        {
            problem = ServiceJson.Describe(e, expected);
            return false;
        }
    }

    /// <summary>The UTF-8 JSON the message carries: base64 undone when it was base64, a byte-order mark dropped.</summary>
    public static ReadOnlyMemory<byte> Payload(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = WithoutByteOrderMark(message);
        if (!text.StartsWith('{') && FromBase64(text) is { } bytes && StartsWithObject(bytes))
        {
            return bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsMemory(Encoding.UTF8.Preamble.Length) : bytes;
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static ReadOnlySpan<char> WithoutByteOrderMark(string message) => message.AsSpan().Trim().TrimStart(ByteOrderMark).Trim();

    private static byte[]? FromBase64(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64Chars(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Whether the bytes, past a byte-order mark and white space, open a JSON object.</summary>
    private static bool StartsWithObject(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        var start = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && bytes[start] == (byte)'{';
    }

}
