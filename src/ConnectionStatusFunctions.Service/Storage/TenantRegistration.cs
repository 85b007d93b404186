using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What the registry holds for a tenant: nothing, a live row, or a tombstone.</summary>
[JsonConverter(typeof(WireNameJsonConverter<TenantRegistration>))]
public enum TenantRegistration
{
    None,
    Live,
    Deleted,
}
