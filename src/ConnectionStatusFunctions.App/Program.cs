using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.App.Api;
using ConnectionStatusFunctions.App.Security;
using ConnectionStatusFunctions.App.Storage;
using ConnectionStatusFunctions.App.Triggers;

var builder = WebApplication.CreateBuilder(FunctionsHost.ApplyTo(args));
FunctionsHost.ListenOnHandlerPort(builder.WebHost);

// Errors are RFC 9457 problems, JSON is camelCase with snake_case enum values, unknown fields are rejected.
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemMapping>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});

// Storage, API keys, and the timer and queue triggers.
builder.Services.AddStatusStorage(builder.Configuration, builder.Environment);
builder.Services.AddApiKeySecurity();
builder.Services.AddTriggers();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapAppHealthApi();
app.MapConnectionsApi();
app.MapChannelsApi();
app.MapTriggerInvocations();

app.Run();

public partial class Program;
