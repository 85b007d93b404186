using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Service.Api;

namespace ConnectionStatusFunctions.Service;

/// <summary>
/// The serializer generated at build time for the list of accounts (pages of up to 1,000 accounts, the
/// service's largest answer): direct property reads instead of reflection-built accessors, and, when a
/// page is written in one pass (<see cref="Api.JsonPage{TValue}"/>), the generated writer itself. Its options are
/// <see cref="ServiceJson"/>'s; <see cref="ServiceJson.Apply"/> puts it first in the resolver chain.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ConnectionList))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
