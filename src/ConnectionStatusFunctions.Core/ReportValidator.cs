using System.Globalization;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Turns a connector's <see cref="ReportInput"/>, or a typed <see cref="ObservedReport"/> from a
/// source inside the service, into a <see cref="ConnectionReport"/>, or into errors keyed by the
/// camelCase field name they concern (what a ValidationProblem shows). Both entries meet the same
/// rules; the text entry only reads its text first.
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

        ConnectionStatus? status = null;
        if (string.IsNullOrEmpty(input.Status))
        {
            errors["status"] = [$"status is required: one of {ReportableStatusNames}."];
        }
        else if (WireName.TryParse<ConnectionStatus>(input.Status, out var parsedStatus))
        {
            status = parsedStatus;
        }
        else
        {
            errors["status"] = [$"status must be one of {ReportableStatusNames}."];
        }

        var checkedAt = ParseCheckedAt(input.CheckedAt, errors);

        var category = WireName.ReadField<ErrorCategory>(input.ErrorCategory, "errorCategory", errors);
        var channel = WireName.ReadField<Channel>(input.Channel, "channel", errors);

        var fields = new Fields(status, checkedAt, category, input.ErrorCode, input.ErrorMessage, input.ReportId, channel, input.DisplayName);
        return TryCreate(fields, MessageLength.Refuse, source, policy, now, errors, out report);
    }

    /// <summary>
    /// The typed entry for the service's own sources: the same rules as a connector's report, except
    /// that an error message longer than a report may carry is cut rather than refused (the source
    /// cannot rephrase what a peer said), before it is redacted and bounded like any other.
    /// </summary>
    public static bool TryCreate(
        ObservedReport observed,
        ReportSource source,
        StatusPolicy policy,
        DateTimeOffset now,
        out ConnectionReport? report,
        out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(policy);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fields = new Fields(observed.Status, observed.CheckedAt, observed.ErrorCategory, observed.ErrorCode, observed.ErrorMessage, observed.ReportId, observed.Channel, observed.DisplayName);
        return TryCreate(fields, MessageLength.Cut, source, policy, now, errors, out report);
    }

    /// <summary>A report's fields once typed; a null status or time is one that could not be read (its error is already recorded).</summary>
    private sealed record Fields(
        ConnectionStatus? Status,
        DateTimeOffset? CheckedAt,
        ErrorCategory? ErrorCategory,
        string? ErrorCode,
        string? ErrorMessage,
        string? ReportId,
        Channel? Channel,
        string? DisplayName);

    private enum MessageLength
    {
        Refuse,
        Cut,
    }

    /// <summary>The fields in the order a report lists them: errors are reported in this order, whichever rule found them.</summary>
    private static readonly string[] FieldOrder = ["status", "checkedAt", "errorCategory", "errorCode", "errorMessage", "reportId", "channel", "displayName"];

    /// <summary>The rules every report meets, however it arrived; <paramref name="errors"/> holds what reading its text found.</summary>
    private static bool TryCreate(Fields fields, MessageLength messageLength, ReportSource source, StatusPolicy policy, DateTimeOffset now, Dictionary<string, string[]> errors, out ConnectionReport? report)
    {
        report = null;
        if (fields.Status is { } named && !ReportableStatuses.Contains(named))
        {
            errors["status"] = [$"status must be one of {ReportableStatusNames}."];
        }

        // Rules that depend on the status apply only to a status that could be read.
        var statusKnown = !errors.ContainsKey("status");
        var isError = statusKnown && fields.Status == ConnectionStatus.Error;

        if (fields.CheckedAt is { } checkedAt && !errors.ContainsKey("checkedAt"))
        {
            CheckAge(checkedAt, policy, now, errors);
        }

        if (!errors.ContainsKey("errorCategory"))
        {
            if (fields.ErrorCategory is not null && statusKnown && !isError)
            {
                errors["errorCategory"] = ["errorCategory is only allowed when status is 'error'."];
            }
            else if (fields.ErrorCategory is null && isError)
            {
                errors["errorCategory"] = [$"errorCategory is required when status is 'error': one of {WireName.AllowedValues<ErrorCategory>()}."];
            }
        }

        if (fields.ErrorCode is not null && !Identifier.IsSafe(fields.ErrorCode, MaxErrorCodeLength))
        {
            errors["errorCode"] = [$"errorCode must be 1-{MaxErrorCodeLength} characters of letters, digits, '-', '_', '.' or ':'."];
        }

        if ((fields.ErrorCode is not null || fields.ErrorMessage is not null) && statusKnown && !isError)
        {
            errors[fields.ErrorCode is not null ? "errorCode" : "errorMessage"] = ["errorCode and errorMessage are only allowed when status is 'error'."];
        }

        var message = fields.ErrorMessage;
        if (message is { Length: > MaxErrorMessageLength } && TextCleaner.Characters(message) > MaxErrorMessageLength)
        {
            if (messageLength == MessageLength.Refuse)
            {
                errors["errorMessage"] = [$"errorMessage must be at most {MaxErrorMessageLength} characters."];
            }
            else
            {
                message = TextCleaner.Cut(message, MaxErrorMessageLength);
            }
        }

        if (fields.ReportId is not null && !Identifier.IsSafe(fields.ReportId, Identifier.MaxLength))
        {
            errors["reportId"] = [$"reportId must be 1-{Identifier.MaxLength} characters of letters, digits, '-', '_', '.' or ':'."];
        }

        var displayName = fields.DisplayName is null ? null : DisplayNameRules.Check(fields.DisplayName, errors);
        if (errors.Count > 0 || fields is not { Status: { } status, CheckedAt: { } checkedAtRead })
        {
            var ordered = FieldOrder.Where(errors.ContainsKey).ToDictionary(field => field, field => errors[field], StringComparer.Ordinal);
            errors.Clear();
            foreach (var (field, messages) in ordered)
            {
                errors[field] = messages;
            }

            return false;
        }

        var summary = isError && !string.IsNullOrWhiteSpace(message)
            ? SecretRedactor.Redact(message)
            : null;
        report = new ConnectionReport(status, checkedAtRead, source, fields.ErrorCategory, fields.ErrorCode, summary, fields.ReportId, fields.Channel, displayName);
        return true;
    }

    private static DateTimeOffset? ParseCheckedAt(string? text, Dictionary<string, string[]> errors)
    {
        const string format = "checkedAt must be an ISO 8601 timestamp with an offset, such as 2026-11-24T09:30:00Z or 2026-11-24T16:30:00+07:00.";
        if (string.IsNullOrEmpty(text))
        {
            errors["checkedAt"] = ["checkedAt is required. " + format];
            return null;
        }

        // Without an explicit offset the instant would depend on the server's time zone.
        if (!HasExplicitOffset(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var checkedAt)
            || !text.Contains('T', StringComparison.Ordinal))
        {
            errors["checkedAt"] = [format];
            return null;
        }

        return checkedAt;
    }

    private static void CheckAge(DateTimeOffset checkedAt, StatusPolicy policy, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (checkedAt > now + policy.MaxClockSkew)
        {
            errors["checkedAt"] = [$"checkedAt is more than {Age.DescribeExactly(policy.MaxClockSkew)} ahead of the service's clock (StatusPolicy:MaxClockSkew), which would hide reports from correct clocks; check the connector's clock."];
        }
        else if (checkedAt < now - policy.MaxReportAge)
        {
            errors["checkedAt"] = [$"checkedAt is more than {Age.DescribeExactly(policy.MaxReportAge)} in the past (StatusPolicy:MaxReportAge); check the connector's clock."];
        }
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
}
