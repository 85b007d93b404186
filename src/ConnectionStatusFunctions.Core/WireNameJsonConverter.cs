using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// An enum as JSON: its <see cref="WireName"/> (lower-case snake_case), never a number, in both
/// directions. Carried by each enum type rather than added to the serializer options, so that every
/// serializer of the service, the source-generated one included, writes enums alike, and the options
/// keep no converter of their own (which would turn the generated serializer's fast path off).
/// </summary>
public sealed class WireNameJsonConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
