namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The summary widget of docs/status-engine.md ("Health"), for one tenant. The per-state counts
/// count health states; <see cref="IssueCount"/> counts accounts that need attention by the one
/// definition (<see cref="Attention"/>), so it equals what the needsAttention filter lists and the
/// text's "N of M", flapping accounts included whatever their state.
/// </summary>
public sealed record TenantSummary(
    Badge Badge,
    string StatusText,
    int HealthScore,
    int Total,
    int Healthy,
    int Degraded,
    int Error,
    int RequiresReauth,
    int Disconnected,
    int Stale,
    int Flapping,
    int IssueCount,
    int Unreadable)
{
    /// <summary>False for a tenant never registered (no account of it was ever written): unknown, not a healthy tenant with no accounts.</summary>
    public bool Known { get; init; } = true;

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
            var badge = attention > 0 ? Badge.Red : degraded > 0 || _unreadable > 0 ? Badge.Yellow : Badge.Green;
            var all = _total + _unreadable;
            var text = all == 0 ? "No connections yet"
                : attention > 0 ? $"{attention} of {all} connections need attention"
                : degraded > 0 ? $"{degraded} of {all} connections degraded"
                : _unreadable == 0 ? $"All {all} connections healthy"
                : $"{_byState[(int)HealthState.Healthy]} of {all} connections healthy";
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
