namespace ConnectionStatusFunctions.Core;

/// <summary>
/// One entry of an account's transition history: when its status (or error category) changed, from
/// what, to what, and the error that came with it. <see cref="From"/> is null for an account's first
/// state. The error fields are set only when the change was to <see cref="ConnectionStatus.Error"/>.
/// </summary>
public sealed record StatusChange(
    DateTimeOffset At,
    ConnectionStatus? From,
    ConnectionStatus To,
    ErrorCategory? ErrorCategory,
    string? ErrorCode,
    string? ErrorSummary,
    ReportSource Source)
{
    /// <summary>The change from <paramref name="previous"/> to <paramref name="next"/>, or null when <see cref="StatusTransition.IsChange"/> says there was none.</summary>
    public static StatusChange? Between(ConnectionState? previous, ConnectionState next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!StatusTransition.IsChange(previous, next))
        {
            return null;
        }

        var isError = next.Status == ConnectionStatus.Error;

        // An error shown under a newer probe's success was seen by the verdict, not by that probe.
        var seenBy = isError && next.LastVerdict is { } verdict ? verdict : null;
        return new StatusChange(
            seenBy?.CheckedAt ?? next.ObservedAt,
            previous?.Status,
            next.Status,
            isError ? next.ErrorCategory : null,
            isError ? next.ErrorCode : null,
            isError ? next.ErrorSummary : null,
            seenBy?.Source ?? next.LastSource);
    }
}
