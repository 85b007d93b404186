using Azure;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A status row as stored, with the ETag that a conditional write needs.</summary>
public sealed record StoredConnection(ConnectionKey Key, ConnectionState State, ETag ETag);
