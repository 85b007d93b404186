using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>
/// The one path every report takes, whether a connector PATCHed it, queued it or a probe produced
/// it: validate ids and fields, redact, then the conditional read-transition-write.
/// </summary>
public sealed class ReportIntake(ConnectionStore store, ChannelTally tally, IOptions<StatusPolicy> policy, TimeProvider time, StatusTelemetry telemetry)
{
    /// <summary>Validates and applies one report; a channel-limited connector passes its <paramref name="channelLimit"/>, which the write enforces.</summary>
    public async Task<IntakeResult> SubmitAsync(ConnectionKey key, ReportInput input, ReportSource source, CancellationToken cancellationToken, ChannelLimit? channelLimit = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, key.TenantId, key.ChannelAccountId);
        if (input is null)
        {
            errors["body"] = ["A JSON status report is required."];
            return new IntakeResult(errors, null);
        }

        if (!ReportValidator.TryCreate(input, source, policy.Value, time.GetUtcNow(), out var report, out var fieldErrors) || errors.Count > 0)
        {
            foreach (var (field, messages) in fieldErrors)
            {
                errors[field] = messages;
            }

            return new IntakeResult(errors, null);
        }

        using var activity = StatusTelemetry.Traces.StartActivity("ApplyReport");
        activity?.SetTag("tenant.id", key.TenantId);
        activity?.SetTag("channel_account.id", key.ChannelAccountId);
        activity?.SetTag("report.source", WireName.Of(source));
        var applied = await store.ApplyAsync(key, report!, cancellationToken, channelLimit);
        activity?.SetTag("report.outcome", WireName.Of(applied.Outcome));
        telemetry.Reported(applied.Outcome, source, applied.IsTransition, applied.Connection.State);
        if (applied.Outcome == TransitionKind.Applied)
        {
            tally.Record(key, applied.Connection.State);
        }

        return new IntakeResult(null, applied);
    }
}
