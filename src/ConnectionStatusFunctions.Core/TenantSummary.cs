using System.ComponentModel;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The summary widget of docs/status-engine.md ("Health"), for one tenant. The per-state counts
/// count health states; <see cref="IssueCount"/> counts accounts that need attention by the one
/// definition (<see cref="Attention"/>), so it equals what the needsAttention filter lists and the
/// text's "N of M", flapping accounts included whatever their state.
/// </summary>
[Description("A tenant's summary badge: its colour, its text, the average health score and the counts over every account.")]
public sealed record TenantSummary(
    [Description("`red` when an account needs attention, `yellow` when one is degraded or a row cannot be read, else `green`; null for an unknown tenant (`known` false).")] Badge? Badge,
    [Description("The badge's text, such as \"2 of 14 connections need attention\".")] string StatusText,
    [Description("The accounts' average health score, 0-100, rounded; 100 for a known tenant with no account, null for an unknown tenant.")] int? HealthScore,
    [Description("Every account of the tenant, unreadable rows included.")] int Total,
    [Description("Accounts in health state `healthy`.")] int Healthy,
    [Description("Accounts in health state `degraded`.")] int Degraded,
    [Description("Accounts in health state `error`.")] int Error,
    [Description("Accounts in health state `requires_reauth`.")] int RequiresReauth,
    [Description("Accounts in health state `disconnected`.")] int Disconnected,
    [Description("Accounts in health state `stale`.")] int Stale,
    [Description("Accounts flapping now, whatever their state.")] int Flapping,
    [Description("Accounts that need attention (error, requires_reauth, disconnected, stale or flapping), as the needsAttention filter lists them.")] int IssueCount,
    [Description("Rows edited by hand that could not be read.")] int Unreadable)
{
    /// <summary>False for a tenant never registered (no account of it was ever written) or deleted: unknown, not a healthy tenant with no accounts.</summary>
    [Description("False for a tenant never registered (no account of it ever written) or deleted (even while its rows are being removed), whose counts are all zero: unknown, not healthy.")]
    public bool Known { get; init; } = true;

    /// <summary>
    /// A tenant never registered (<paramref name="deleted"/> false: most likely a mistyped id) or deleted. Its badge and
    /// score are null, not green and 100: a dashboard that reads the badge alone must not show it as healthy; its text
    /// tells the two apart, since an operator who watched a tenant a minute ago should not be told to check its id.
    /// </summary>
    public static TenantSummary Unknown(string tenantId, bool deleted) => new(
        null,
        deleted ? $"Tenant \u201c{tenantId}\u201d was deleted: its accounts were removed." : $"No account of tenant \u201c{tenantId}\u201d has ever reported to this service. Check the tenant id.",
        null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) { Known = false };

    /// <summary>Accumulates one account at a time, so a tenant of any size is summarised in one pass.</summary>
    public sealed class Builder
    {
        private readonly int[] _byState = new int[Enum.GetValues<HealthState>().Length];
        private long _scoreTotal;
        private int _total;
        private int _flapping;
        private int _unreadable;

        /// <summary>Rows that could not be read (edited by hand): counted in the total and named in the text, never silently left out.</summary>
        public void AddUnreadable(int count) => _unreadable += count;
        private int _attention;

        public void Add(ConnectionHealth health)
        {
            ArgumentNullException.ThrowIfNull(health);
            _byState[(int)health.State]++;
            _scoreTotal += health.Score;
            _total++;
            if (health.IsFlapping)
            {
                _flapping++;
            }

            if (health.NeedsAttention)
            {
                _attention++;
            }
        }

        public TenantSummary Build()
        {
            var attention = _attention;
            var degraded = _byState[(int)HealthState.Degraded];
            // Qualified: inside this record, Badge names the (nullable) property, not the enum.
            var badge = attention > 0 ? Core.Badge.Red : degraded > 0 || _unreadable > 0 ? Core.Badge.Yellow : Core.Badge.Green;
            var all = _total + _unreadable;
            var connections = all == 1 ? "connection" : "connections";
            var text = all == 0 ? "No connections yet"
                // The verb agrees with the count it follows: "1 of 14 connections needs attention", "2 of 14 ... need".
                : attention > 0 ? $"{attention} of {all} {connections} {(attention == 1 ? "needs" : "need")} attention"
                : degraded > 0 ? $"{degraded} of {all} {connections} degraded"
                : _unreadable == 0 ? (all == 1 ? "1 connection healthy" : $"All {all} connections healthy")
                : $"{_byState[(int)HealthState.Healthy]} of {all} {connections} healthy";
            if (_unreadable > 0)
            {
                text += $"; could not read {_unreadable}";
            }

            return new TenantSummary(
                badge,
                text,
                // A tenant with no accounts scores 100: nothing is broken (docs/status-engine.md).
                _total == 0 ? 100 : (int)Math.Round((double)_scoreTotal / _total, MidpointRounding.AwayFromZero),
                all,
                _byState[(int)HealthState.Healthy],
                degraded,
                _byState[(int)HealthState.Error],
                _byState[(int)HealthState.RequiresReauth],
                _byState[(int)HealthState.Disconnected],
                _byState[(int)HealthState.Stale],
                _flapping,
                attention,
                _unreadable);
        }
    }
}
