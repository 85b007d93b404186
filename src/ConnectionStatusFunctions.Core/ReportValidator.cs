using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Turns a connector's <see cref="ReportInput"/> into a <see cref="ConnectionReport"/>, or into
/// errors keyed by the camelCase field name they concern (what a ValidationProblem shows).
/// </summary>
public static class ReportValidator
{
    public const int MaxErrorMessageLength = 8192;
    public const int MaxDisplayNameLength = 200;
    public const int MaxErrorCodeLength = 64;

    /// <summary>What a report may say; stale is the service's own finding about silence, never reported.</summary>
    public static IReadOnlyList<ConnectionStatus> ReportableStatuses { get; } =
        [ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Disconnected];

    private static readonly string ReportableStatusNames = string.Join(", ", ReportableStatuses.Select(s => $"'{WireName.Of(s)}'"));

    public static bool TryCreate(
        ReportInput input,
        ReportSource source,
        StatusPolicy policy,
        DateTimeOffset now,
        out ConnectionReport? report,
        out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        report = null;

        ConnectionStatus status = default;
        if (string.IsNullOrEmpty(input.Status))
        {
            errors["status"] = [$"status is required: one of {ReportableStatusNames}."];
        }
        else if (!WireName.TryParse(input.Status, out status) || !ReportableStatuses.Contains(status))
        {
            errors["status"] = [$"status must be one of {ReportableStatusNames}."];
        }

        var checkedAt = ParseCheckedAt(input.CheckedAt, policy, now, errors);

        ErrorCategory? category = null;
        if (input.ErrorCategory is not null)
        {
            if (!WireName.TryParse<ErrorCategory>(input.ErrorCategory, out var parsed))
            {
                errors["errorCategory"] = [$"errorCategory must be one of {WireName.AllowedValues<ErrorCategory>()}."];
            }
            else if (status != ConnectionStatus.Error && !errors.ContainsKey("status"))
            {
                errors["errorCategory"] = ["errorCategory is only allowed when status is 'error'."];
            }

            category = parsed;
        }
        else if (status == ConnectionStatus.Error && !errors.ContainsKey("status"))
        {
            errors["errorCategory"] = [$"errorCategory is required when status is 'error': one of {WireName.AllowedValues<ErrorCategory>()}."];
        }

        if (input.ErrorCode is not null && !Identifier.IsSafe(input.ErrorCode, MaxErrorCodeLength))
        {
            errors["errorCode"] = [$"errorCode must be 1-{MaxErrorCodeLength} characters of letters, digits, '-', '_', '.' or ':'."];
        }

        if ((input.ErrorCode is not null || input.ErrorMessage is not null) && status != ConnectionStatus.Error && !errors.ContainsKey("status"))
        {
            errors[input.ErrorCode is not null ? "errorCode" : "errorMessage"] = ["errorCode and errorMessage are only allowed when status is 'error'."];
        }

        if (input.ErrorMessage is { Length: > MaxErrorMessageLength })
        {
            errors["errorMessage"] = [$"errorMessage must be at most {MaxErrorMessageLength} characters."];
        }

        if (input.ReportId is not null && !Identifier.IsSafe(input.ReportId, Identifier.MaxLength))
        {
            errors["reportId"] = [$"reportId must be 1-{Identifier.MaxLength} characters of letters, digits, '-', '_', '.' or ':'."];
        }

        Channel? channel = null;
        if (input.Channel is not null)
        {
            if (WireName.TryParse<Channel>(input.Channel, out var parsedChannel))
            {
                channel = parsedChannel;
            }
            else
            {
                errors["channel"] = [$"channel must be one of {WireName.AllowedValues<Channel>()}."];
            }
        }

        string? displayName = null;
        if (input.DisplayName is not null)
        {
            displayName = TextCleaner.WithoutControlCharacters(input.DisplayName).Trim();
            if (displayName.Length is 0 or > MaxDisplayNameLength)
            {
                errors["displayName"] = [$"displayName must be 1-{MaxDisplayNameLength} printable characters."];
            }
            else if (TextCleaner.HasHiddenCharacters(displayName))
            {
                // Shown to support as the account's name: what is not visible could impersonate another account.
                errors["displayName"] = ["displayName must not contain invisible, direction-changing or line-separating characters (zero-width, bidi controls, tags, line or paragraph separators)."];
            }
            else if (!TextCleaner.HasVisibleCharacter(displayName))
            {
                // Fillers, blanks and marks with no letter to sit on would show support a nameless row.
                errors["displayName"] = ["displayName must contain at least one visible letter, digit, symbol or punctuation mark."];
            }
            else if (HasInvisibleCharacter(displayName))
            {
                // "Acme" with a filler or a grapheme joiner after it looks exactly like "Acme".
                errors["displayName"] = ["displayName must not contain characters that show nothing (fillers, the Braille blank, grapheme joiners, variation selectors other than an emoji's)."];
            }
        }

        if (errors.Count > 0)
        {
            return false;
        }

        var summary = status == ConnectionStatus.Error && !string.IsNullOrWhiteSpace(input.ErrorMessage)
            ? SecretRedactor.Redact(input.ErrorMessage)
            : null;
        report = new ConnectionReport(status, checkedAt, source, category, input.ErrorCode, summary, input.ReportId, channel, displayName);
        return true;
    }

    private static DateTimeOffset ParseCheckedAt(string? text, StatusPolicy policy, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        const string format = "checkedAt must be an ISO 8601 timestamp with an offset, such as 2026-11-24T09:30:00Z or 2026-11-24T16:30:00+07:00.";
        if (string.IsNullOrEmpty(text))
        {
            errors["checkedAt"] = ["checkedAt is required. " + format];
            return default;
        }

        // Without an explicit offset the instant would depend on the server's time zone.
        if (!HasExplicitOffset(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var checkedAt)
            || !text.Contains('T', StringComparison.Ordinal))
        {
            errors["checkedAt"] = [format];
            return default;
        }

        if (checkedAt > now + policy.MaxClockSkew)
        {
            errors["checkedAt"] = [$"checkedAt is more than {policy.MaxClockSkew.TotalSeconds:0.#} seconds ahead of the service's clock (StatusPolicy:MaxClockSkew), which would hide reports from correct clocks; check the connector's clock."];
        }
        else if (checkedAt < now - policy.MaxReportAge)
        {
            errors["checkedAt"] = [$"checkedAt is more than {policy.MaxReportAge.TotalDays:0.#} days in the past; check the connector's clock."];
        }

        return checkedAt;
    }

    private static bool HasExplicitOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        // ...+07:00 or ...-0330
        var tail = text.Length >= 6 ? text.AsSpan(text.Length - 6) : ReadOnlySpan<char>.Empty;
        var shortTail = text.Length >= 5 ? text.AsSpan(text.Length - 5) : ReadOnlySpan<char>.Empty;
        return (tail.Length == 6 && tail[0] is '+' or '-' && tail[3] == ':')
            || (shortTail.Length == 5 && shortTail[0] is '+' or '-' && char.IsAsciiDigit(shortTail[1]) && char.IsAsciiDigit(shortTail[4]));
    }

    /// <summary>
    /// Whether the name holds a character that shows nothing, anywhere in it. The one exception is
    /// a text or emoji variation selector (U+FE0E, U+FE0F) right after a symbol, or after a keycap's
    /// base when the keycap mark follows: that is how emoji such as ❤️ and 1️⃣ are written; and a
    /// zero-width joiner or non-joiner between two visible characters (Persian, Sinhala, emoji sequences).
    /// </summary>
    private static bool HasInvisibleCharacter(string name)
    {
        Rune? previous = null;
        for (var i = 0; i < name.Length;)
        {
            // Lone surrogates were refused before this runs.
            Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var consumed);
            if (TextCleaner.IsInvisible(rune) && !IsEmojiPresentation(rune, previous, name.AsSpan(i + consumed))
                && !TextCleaner.IsJoinerBetweenVisible(name, i))
            {
                return true;
            }

            previous = rune;
            i += Math.Max(consumed, 1);
        }

        return false;
    }

    private static bool IsEmojiPresentation(Rune selector, Rune? previous, ReadOnlySpan<char> after)
    {
        if (selector.Value is not (0xFE0E or 0xFE0F) || previous is not { } symbol)
        {
            return false;
        }

        if (Rune.GetUnicodeCategory(symbol) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol)
        {
            return symbol.Value != 0x2800;
        }

        // Emoji that are punctuation in Unicode (‼️ ⁉️ 〽️) and keycaps (1️⃣ #️⃣ *️⃣).
        return symbol.Value is 0x203C or 0x2049 or 0x303D
            || (((symbol.IsAscii && Rune.IsDigit(symbol)) || symbol.Value is '#' or '*') && after.StartsWith("\u20E3", StringComparison.Ordinal));
    }
}
