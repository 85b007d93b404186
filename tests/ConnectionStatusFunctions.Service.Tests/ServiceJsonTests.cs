using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The list is written by the source-generated serializer (no reflection-built metadata left behind
/// for it), with the same bytes the reflection-based serializer and its enum converter wrote before.
/// </summary>
public sealed class ServiceJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 14, 5, 123, TimeSpan.Zero);

    /// <summary>The HTTP options as both hosts configure them (ApiRegistration).</summary>
    private static ServiceProvider HttpServices() =>
        new ServiceCollection().ConfigureHttpJsonOptions(o => ServiceJson.Apply(o.SerializerOptions)).BuildServiceProvider();

    /// <summary>A page with every field set, nulls and all, so that each property's writing is compared.</summary>
    private static ConnectionList FullPage() => new(
        [
            new ConnectionView("tenant-a", "acct-1", Channel.Shopee, "Siam \"Shop\" <1>", ConnectionStatus.Error, At, null, At.AddHours(-2), At.AddHours(-3),
                ErrorCategory.AuthError, "HTTP_401", "token expired – reconnect", 3, 4, true, ReportSource.Probe, HealthState.RequiresReauth, 10,
                [new HealthReason("authorization_expired", 10, "The authorization expired.")], true, "Reconnect the account.", new Uri("https://runbooks.example/auth?x=1&y=2"), At.AddHours(-3)),
            new ConnectionView("tenant-a", "acct-2", Channel.Line, null, ConnectionStatus.Connected, At, At, null, At, null, null, null, 0, 0, false, ReportSource.Connector,
                HealthState.Healthy, 100, [], false, null, null, null),
        ],
        "token/+=",
        [new UnreadableConnection("acct-3", "column Status: not one of the names.")],
        Total: 2,
        ProviderOutages: [Channel.Facebook, Channel.Lazada],
        Known: true);

    [Fact]
    public void TheHttpOptionsTakeTheListsMetadataFromTheGeneratedSerializerWithItsFastPathOpen()
    {
        var options = HttpServices().GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        foreach (var type in new[] { typeof(ConnectionList), typeof(ConnectionView), typeof(HealthReason), typeof(UnreadableConnection), typeof(Channel) })
        {
            Assert.IsType<ServiceJsonContext>(options.GetTypeInfo(type).OriginatingResolver);
        }

        // The generated writer is used only when the options carry no converter of their own.
        Assert.Empty(options.Converters);
        Assert.NotNull(((JsonTypeInfo<ConnectionList>)options.GetTypeInfo(typeof(ConnectionList))).SerializeHandler);
        Assert.Empty(ServiceJson.Options.Converters);
    }

    /// <summary>The options as they were: reflection only, and the enum converter among their converters.</summary>
    private static JsonSerializerOptions AsBefore(JsonSerializerOptions options) => new(options)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public async Task ThePageIsWrittenWithTheBytesTheReflectionSerializerWrote()
    {
        var services = HttpServices();
        var http = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new JsonPage<ConnectionList>(FullPage()).ExecuteAsync(context);

        Assert.Equal((StatusCodes.Status200OK, "application/json; charset=utf-8"), (context.Response.StatusCode, context.Response.ContentType));
        // ASP.NET Core's HTTP options escape less than the serializer's defaults (ServiceJson.Options, for queue messages): each is compared with itself as it was.
        Assert.Equal(JsonSerializer.Serialize(FullPage(), AsBefore(http)), System.Text.Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(JsonSerializer.Serialize(FullPage(), AsBefore(ServiceJson.Options)), JsonSerializer.Serialize(FullPage(), ServiceJson.Options));
    }

    [Fact]
    public void EveryEnumOfTheServiceCarriesItsWireNameConverter()
    {
        var enums = new[] { typeof(Channel).Assembly, typeof(ServiceJson).Assembly }.SelectMany(a => a.GetTypes()).Where(t => t.IsEnum && t.IsPublic).ToList();

        Assert.Contains(typeof(HealthState), enums);
        Assert.All(enums, type => Assert.Equal(typeof(WireNameJsonConverter<>).MakeGenericType(type), type.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType));
        Assert.Equal("\"requires_reauth\"", JsonSerializer.Serialize(HealthState.RequiresReauth, ServiceJson.Options));
        Assert.Equal(HealthState.RequiresReauth, JsonSerializer.Deserialize<HealthState>("\"requires_reauth\"", ServiceJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<HealthState>("4", ServiceJson.Options));
    }
}
