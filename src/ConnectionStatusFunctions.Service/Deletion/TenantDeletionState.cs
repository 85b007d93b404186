using System.ComponentModel;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Deletion;

[Description("Where a tenant's deletion stands.")]
[JsonConverter(typeof(WireNameJsonConverter<TenantDeletionState>))]
public enum TenantDeletionState
{
    /// <summary>Tombstoned and queued; no worker has started on its rows yet.</summary>
    Pending,

    /// <summary>A worker is removing its rows, or waits for every instance's cache of known tenants to have learned the tombstone before its last pass.</summary>
    Running,

    /// <summary>Every row is gone; only the tombstone remains.</summary>
    Done,

    /// <summary>The job's message failed on every delivery and was poisoned: rows may remain; a DELETE again resumes it.</summary>
    Failed,
}
