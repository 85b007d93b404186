using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>Either the field errors of a rejected report, or what applying it did.</summary>
public sealed record IntakeResult(Dictionary<string, string[]>? Errors, ApplyResult? Applied);

/// <summary>
/// The one path every report takes, whether a connector PATCHed it, queued it or a probe produced
/// it: validate ids and fields, redact, then the conditional read-transition-write.
/// </summary>
public sealed class ReportIntake(ConnectionStore store, IOptions<StatusPolicy> policy, TimeProvider time)
{
    public async Task<IntakeResult> SubmitAsync(ConnectionKey key, ReportInput input, ReportSource source, CancellationToken cancellationToken)
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

        return new IntakeResult(null, await store.ApplyAsync(key, report!, cancellationToken));
    }
}
