using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>
/// The one path every report takes, whether a connector PATCHed it, queued it or a probe produced
/// it: validate ids and fields, redact, then the conditional read-transition-write. Connectors'
/// reports arrive as text (<see cref="ReportInput"/>); the service's own sources hand in typed
/// fields (<see cref="ObservedReport"/>), checked by the same rules.
/// </summary>
public sealed class ReportIntake(ConnectionStore store, ChannelTally tally, IOptions<StatusPolicy> policy, TimeProvider time, StatusTelemetry telemetry)
{
    /// <summary>Validates and applies a connector's report; a channel-limited connector passes its <paramref name="channelLimit"/>, which the write enforces.</summary>
    public async Task<ApplyResult> SubmitAsync(ConnectionKey key, ReportInput input, ReportSource source, CancellationToken cancellationToken, ChannelLimit? channelLimit = null)
    {
        if (input is null)
        {
            var errors = IdErrors(key);
            errors["body"] = ["A JSON status report is required."];
            return new ApplyResult.Rejected(errors);
        }

        ReportValidator.TryCreate(input, source, policy.Value, time.GetUtcNow(), out var report, out var fieldErrors);
        return await ApplyAsync(key, report, fieldErrors, source, channelLimit, cancellationToken);
    }

    /// <summary>Validates and applies what a source inside the service observed; its message is redacted and bounded as a connector's is.</summary>
    public async Task<ApplyResult> SubmitAsync(ConnectionKey key, ObservedReport observed, ReportSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ReportValidator.TryCreate(observed, source, policy.Value, time.GetUtcNow(), out var report, out var fieldErrors);
        return await ApplyAsync(key, report, fieldErrors, source, channelLimit: null, cancellationToken);
    }

    private static Dictionary<string, string[]> IdErrors(ConnectionKey key)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, key.TenantId, key.ChannelAccountId);
        return errors;
    }

    private async Task<ApplyResult> ApplyAsync(ConnectionKey key, ConnectionReport? report, Dictionary<string, string[]> fieldErrors, ReportSource source, ChannelLimit? channelLimit, CancellationToken cancellationToken)
    {
        var errors = IdErrors(key);
        foreach (var (field, messages) in fieldErrors)
        {
            errors[field] = messages;
        }

        if (errors.Count > 0 || report is null)
        {
            return new ApplyResult.Rejected(errors);
        }

        using var activity = StatusTelemetry.Traces.StartActivity("ApplyReport");
        activity?.SetTag("tenant.id", key.TenantId);
        activity?.SetTag("channel_account.id", key.ChannelAccountId);
        activity?.SetTag("report.source", WireName.Of(source));
        var result = await store.ApplyAsync(key, report, cancellationToken, channelLimit);
        var (kind, connection, isTransition) = result switch
        {
            ApplyResult.Applied applied => (TransitionKind.Applied, applied.Connection, applied.IsTransition),
            ApplyResult.Unchanged unchanged => (unchanged.Kind, unchanged.Connection, false),
            ApplyResult.Gone => (TransitionKind.Stale, (StoredConnection?)null, false),
            _ => throw new InvalidOperationException($"The store answered {result.GetType().Name}, which only validation gives."),
        };
        activity?.SetTag("report.outcome", WireName.Of(kind));
        telemetry.Reported(kind, source, isTransition, connection?.State);
        if (result is ApplyResult.Applied)
        {
            tally.Record(key, connection!.State);
        }

        return result;
    }
}
