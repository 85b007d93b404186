using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Queues;

// The poison queue's record of a message: as much of it as decodes to text (UTF-8, UTF-16, UTF-32, base64 of any
// of them), redacted, and cut to fit the queue. Long because each encoding a sender may use is read apart before the
// JSON is redacted token by token.
public static partial class QueueMessageText
{
    /// <summary>
    /// How a poison record is written: read by people in Storage Explorer, which shows the text as it
    /// is stored, and never put into HTML, so quotes, <c>+</c>, <c>&lt;</c>, <c>&amp;</c> and every
    /// script stay as written rather than as <c>\u0022</c>-style escapes. The relaxed encoder still
    /// escapes control characters, line and paragraph separators and surrogates (a lone one cannot
    /// reach it: each is noted in words first, see <see cref="LoneSurrogateNote"/>).
    /// </summary>
    private static readonly JsonSerializerOptions PoisonJson = new(ServiceJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions PoisonWriting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The poison queue's record of a message: the reason, and as much of the message as decodes to
    /// text, redacted, so that it can be fixed and put back. JSON is redacted token by token after
    /// its escapes are decoded, so escapes (<c>\/</c>, <c>\u002B</c>, <c>\u200B</c>) cannot split a
    /// secret into pieces the redactor does not recognise; a lone surrogate, escaped or not, becomes a note naming it.
    /// The record is cut to fit the queue's size limit: a record that could never be sent, or built,
    /// would leave its message redelivered forever.
    /// </summary>
    public static string PoisonRecord(string message, string reason, IDictionary<string, string[]>? errors, long dequeueCount, DateTimeOffset poisonedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = ReadableText(message);
        var redacted = WellFormed(RedactedJson(text) ?? RedactedWithLoneSurrogatesNoted(text, whole => SecretRedactor.Redact(whole, Math.Max(whole.Length, 1))));
        for (var keep = redacted.Length; ; keep /= 2)
        {
            var shown = keep >= redacted.Length ? redacted : WellFormed(SecretRedactor.Redact(redacted, Math.Max(keep, 1)));
            var record = JsonSerializer.Serialize(new PoisonedReport(reason, errors, dequeueCount, poisonedAt, shown), PoisonJson);
            if (Encoding.UTF8.GetByteCount(record) <= MaxPoisonRecordBytes || keep <= 1)
            {
                return record;
            }
        }
    }

    /// <summary>
    /// The message as text for its poison record: decoded from base64 when it is base64 of text (or
    /// of a JSON object), where a run of bytes that is not UTF-8 becomes a note of its length, since
    /// what cannot be read cannot be redacted either; otherwise the text as it came.
    /// </summary>
    private static string ReadableText(string message)
    {
        var text = WithoutByteOrderMark(message);
        if (!text.StartsWith('{') && FromBase64(text) is { } bytes)
        {
            if (WideText(bytes) is { } wide)
            {
                return WellFormed(wide);
            }

            var payload = bytes.AsSpan();
            if (payload.StartsWith(Encoding.UTF8.Preamble))
            {
                payload = payload[Encoding.UTF8.Preamble.Length..];
            }

            // A JSON message is never base64 itself ('{' is no base64 character), so a message that
            // decodes from base64 and holds a '{' is base64 of a JSON report, whatever bytes precede it.
            if (StartsWithObject(payload) || System.Text.Unicode.Utf8.IsValid(payload) || payload.Contains((byte)'{'))
            {
                return Utf8WithGapsNoted(payload);
            }
        }

        // Lone surrogates kept, to be noted where they are once the text is read as JSON or not.
        return text.ToString();
    }

    /// <summary>
    /// The text of bytes in UTF-16 or UTF-32 (either byte order), known by a byte-order mark or, without one, by
    /// where the zero bytes fall (the high bytes of ASCII characters); null for other bytes. Read as UTF-8, such text
    /// is one character and some NULs per letter, which the redactor reads as spaced letters, not as a key and a value.
    /// </summary>
    private static string? WideText(ReadOnlySpan<byte> bytes)
    {
        if (WideEncoding(bytes) is not { } encoding)
        {
            return null;
        }

        var preamble = encoding.Preamble;
        var text = encoding.GetString(bytes.StartsWith(preamble) ? bytes[preamble.Length..] : bytes);
        return text.Replace("\0", string.Empty, StringComparison.Ordinal).TrimStart(ByteOrderMark);
    }

    private static Encoding? WideEncoding(ReadOnlySpan<byte> bytes)
    {
        // UTF-32's marks first: UTF-32 LE's begins with UTF-16 LE's.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]))
        {
            return new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            return new UTF32Encoding(bigEndian: true, byteOrderMark: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        }

        // UTF-8 text holds no zero byte; text of two or four bytes a character holds one in most characters.
        if (bytes.IndexOf((byte)0) < 0)
        {
            return null;
        }

        Span<int> zeros = stackalloc int[4];
        for (var i = 0; i < bytes.Length; i++)
        {
            zeros[i % 4] += bytes[i] == 0 ? 1 : 0;
        }

        var quarter = bytes.Length / 4;
        if (bytes.Length % 4 == 0 && zeros[2] * 10 >= quarter * 9 && zeros[3] * 10 >= quarter * 9)
        {
            return new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        }

        if (bytes.Length % 4 == 0 && zeros[0] * 10 >= quarter * 9 && zeros[1] * 10 >= quarter * 9)
        {
            return new UTF32Encoding(bigEndian: true, byteOrderMark: true);
        }

        int even = zeros[0] + zeros[2], odd = zeros[1] + zeros[3];
        return odd > even ? new UnicodeEncoding(bigEndian: false, byteOrderMark: true)
            : even > odd ? new UnicodeEncoding(bigEndian: true, byteOrderMark: true)
            : null;
    }

    private static string Utf8WithGapsNoted(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var skipped = 0;
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == OperationStatus.Done)
            {
                NoteSkipped(text, ref skipped);
                text.Append(rune.ToString());
            }
            else
            {
                skipped += consumed;
            }

            bytes = bytes[consumed..];
        }

        NoteSkipped(text, ref skipped);
        return text.ToString();
    }

    private static void NoteSkipped(StringBuilder text, ref int skipped)
    {
        if (skipped > 0)
        {
            text.Append($"[{skipped} bytes that are not UTF-8 left out]");
            skipped = 0;
        }
    }

    /// <summary>The JSON document with every property name and string value redacted, and every value under a secret-looking key replaced whole, or null when the text is not one JSON document.</summary>
    private static string? RedactedJson(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            // A raw lone surrogate would become U+FFFD in UTF-8; escaped, a string reads the same and keeps it.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(LoneSurrogatesEscaped(text)));
            using var writer = new Utf8JsonWriter(buffer, PoisonWriting);
            // A value that ended with an authorization scheme: the next value may be its token.
            string? scheme = null;
            // An object may name its secret in one property and hold it in a "value" one ({"name":"password","value":"x"},
            // {"password":true,"value":"x"}): the last property name read, and whether this object named a secret so.
            string? property = null;
            var namedSecret = false;
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    scheme = null;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        namedSecret = false;
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        namedSecret = false;
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Unescaped(ref reader);
                        writer.WritePropertyName(RedactedWithLoneSurrogatesNoted(name, text => SecretRedactor.Redact(text)));
                        property = name;
                        var valueOfNamedSecret = namedSecret && name.EndsWith("value", StringComparison.OrdinalIgnoreCase);
                        namedSecret |= SecretRedactor.IsSecretKey(name);
                        if (valueOfNamedSecret || SecretRedactor.IsSecretKey(name))
                        {
                            // The value is a secret by its key, whatever its type or shape: a number
                            // or a nested object is no less a password than a string.
                            reader.Read();
                            reader.Skip();
                            writer.WriteStringValue(SecretRedactor.Marker);
                        }

                        break;
                    case JsonTokenType.String:
                        var value = Unescaped(ref reader);
                        namedSecret |= property is not null && (property.EndsWith("name", StringComparison.OrdinalIgnoreCase)
                            || property.EndsWith("key", StringComparison.OrdinalIgnoreCase)) && SecretRedactor.IsSecretKey(value);
                        var after = scheme;
                        writer.WriteStringValue(RedactedWithLoneSurrogatesNoted(value, text => after is null ? SecretRedactor.Redact(text) : SecretRedactor.RedactedAfterScheme(after, text)));
                        scheme = SecretRedactor.TrailingAuthorizationScheme(value);
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }

            writer.Flush();
        }
        catch (JsonException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The token's text with its escapes decoded. The reader refuses an escaped lone surrogate
    /// (JSON's grammar allows one, UTF-16 text does not), so those are decoded here, and kept, to be noted.
    /// </summary>
    private static string Unescaped(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            var raw = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            var text = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '\\' || i + 1 >= raw.Length)
                {
                    text.Append(raw[i]);
                    continue;
                }

                i++;
                switch (raw[i])
                {
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u' when i + 4 < raw.Length && ushort.TryParse(raw.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var unit):
                        text.Append((char)unit);
                        i += 4;
                        break;
                    default: text.Append(raw[i]); break;
                }
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// How a poison record shows a lone surrogate: in words, as bytes that are not UTF-8 are shown. Never
    /// dropped, nor left as U+FFFD, which the redactor drops from a word it joins: a tenantId "q8\uD800" would
    /// be recorded as "q8", a valid id of another tenant, which a replay of the record would change. A note
    /// keeps an id invalid, so a replayed record is refused again.
    /// </summary>
    public static string LoneSurrogateNote(char surrogate) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[lone surrogate U+{(int)surrogate:X4} left out]");

    /// <summary>
    /// The text redacted, with each lone surrogate noted where it was. The redactor reads a token split by a lone
    /// surrogate as one (a reader copying it skips the mark), so the text is redacted with U+FFFD in their places
    /// first: when that finds a secret, the pieces either side of a note could each pass for harmless, so that
    /// redaction is kept and the notes follow it; otherwise the notes stand in the surrogates' places.
    /// </summary>
    private static string RedactedWithLoneSurrogatesNoted(string text, Func<string, string> redact)
    {
        var lone = LoneSurrogates(text);
        if (lone.Count > 0)
        {
            var joined = WellFormed(redact(WellFormed(text)));
            if (joined.Contains(SecretRedactor.Marker, StringComparison.Ordinal))
            {
                return joined + string.Concat(lone.Select(at => LoneSurrogateNote(text[at])));
            }

            var noted = new StringBuilder(text.Length + (lone.Count * 32));
            var copied = 0;
            foreach (var at in lone)
            {
                noted.Append(text, copied, at - copied).Append(LoneSurrogateNote(text[at]));
                copied = at + 1;
            }

            text = noted.Append(text, copied, text.Length - copied).ToString();
        }

        var redacted = WellFormed(redact(text));
        // The redactor also takes out of a word what a reader skips (U+FFFD, U+FFFC, a combining mark) and cleans
        // control characters: harmless in a message, but "q8\uFFFD" would become "q8", a valid id of another account,
        // which a replay of the record would change. Where it found no secret, such a text is shown as it came.
        return !redacted.Contains(SecretRedactor.Marker, StringComparison.Ordinal) && Identifier.IsValid(redacted) && !Identifier.IsValid(text) ? text : redacted;
    }

    /// <summary>The text with each lone surrogate written as a JSON escape, so UTF-8 keeps it (inside a string; outside one the text was no JSON anyway).</summary>
    private static string LoneSurrogatesEscaped(string text)
    {
        var lone = LoneSurrogates(text);
        if (lone.Count == 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + (lone.Count * 5));
        var copied = 0;
        foreach (var at in lone)
        {
            escaped.Append(text, copied, at - copied).Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)text[at]:X4}"));
            copied = at + 1;
        }

        return escaped.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Where the text holds a surrogate that is not half of a pair.</summary>
    private static List<int> LoneSurrogates(string text)
    {
        var lone = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                lone.Add(i);
            }
        }

        return lone;
    }

    /// <summary>The text with every unpaired surrogate replaced by U+FFFD, so that it can be written as JSON.</summary>
    private static string WellFormed(string text)
    {
        char[]? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                fixedText ??= text.ToCharArray();
                fixedText[i] = '\uFFFD';
            }
        }

        return fixedText is null ? text : new string(fixedText);
    }
}
