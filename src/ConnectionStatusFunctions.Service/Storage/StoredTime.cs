using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What every store of report-derived rows agrees a believable stored time is.</summary>
internal static class StoredTime
{
    /// <summary>
    /// No report is accepted with a time later than the clock skew allows, so no stored time can be
    /// later than now plus that skew: one that is was typed in, and would otherwise win over every
    /// true report (a LastCheckedAt of 9999-12-31 would make each of them stale).
    /// </summary>
    public static DateTimeOffset LatestReadable(TimeProvider time, StatusPolicy policy) => time.GetUtcNow() + policy.MaxClockSkew;
}
