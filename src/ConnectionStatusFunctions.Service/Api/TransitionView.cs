using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>One status change of an account: when, from what (null for its first state), to what, and the error that came with it.</summary>
[Description("One change of an account's status or error category.")]
public sealed record TransitionView(
    [Description("When it changed: the checkedAt of the report that changed it, or when the silence began.")] DateTimeOffset At,
    [Description("The status before; null for the account's first state.")] ConnectionStatus? From,
    [Description("The status after.")] ConnectionStatus To,
    [Description("The error's category, for a change to `error`; else null.")] ErrorCategory? ErrorCategory,
    [Description("The error's code, for a change to `error` when one was given; else null.")] string? ErrorCode,
    [Description("The redacted error message, for a change to `error` when one was given; else null.")] string? ErrorSummary,
    [Description("What caused the change.")] ReportSource Source)
{
    public static TransitionView Of(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.At, change.From, change.To, change.ErrorCategory, change.ErrorCode, change.ErrorSummary, change.Source);
    }
}

/// <summary>A page of an account's transitions, newest first.</summary>
[Description("A page of an account's transitions, newest first.")]
public sealed record TransitionList(
    [Description("The transitions of this page, newest first.")] IReadOnlyList<TransitionView> Items,
    [Description("Pass it back as the continuationToken parameter for the next page; null on the last page.")] string? ContinuationToken);
