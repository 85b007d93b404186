using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using ConnectionStatusFunctions.App.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.App.Triggers;

/// <summary>
/// What the Functions host posts to a custom handler for a non-HTTP trigger: the trigger's value
/// under its binding name in Data, and trigger metadata (DequeueCount, IsPastDue...) in Metadata.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>What the host expects back. A non-2xx status fails the invocation, so the host retries.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResponse WithLog(string log) => new([], [log], null);
}

/// <summary>
/// The endpoints the Functions host posts timer and queue invocations to, named after their
/// function folders. Only mapped where the host is the caller (see TriggerOptions.HostInvocations).
/// </summary>
public static class HostInvocations
{
    public const string ProbeFunction = "ProbeConnections";
    public const string AbsorbFunction = "AbsorbFailureReport";
    public const string TimerBinding = "timer";
    public const string QueueBinding = "report";

    public static void MapHostInvocations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/").WithTags("Functions host").ExcludeFromDescription().AllowAnonymous();
        group.MapPost($"/{ProbeFunction}", ProbeConnections);
        group.MapPost($"/{AbsorbFunction}", AbsorbFailureReport);
    }

    public static async Task<Results<Ok<InvocationResponse>, JsonHttpResult<InvocationResponse>>> ProbeConnections(
        InvocationRequest invocation, ProbeRunner runner, CancellationToken cancellationToken)
    {
        var isPastDue = invocation.Data?.TryGetValue(TimerBinding, out var timer) == true
            && timer.ValueKind == JsonValueKind.Object
            && TryGetCaseInsensitive(timer, "IsPastDue", out var pastDue)
            && pastDue.ValueKind == JsonValueKind.True;
        try
        {
            var summary = await runner.RunAsync(isPastDue, cancellationToken);
            return TypedResults.Ok(InvocationResponse.WithLog(
                $"Probed {summary.Probed} of {summary.Due} due accounts in {summary.Tenants} tenants ({summary.Failed} failing, {summary.Skipped} skipped{(summary.OutOfTime ? ", out of time" : "")})."));
        }
        catch (Exception e) when (e is RequestFailedException or StorageContentionException)
        {
            return Failed($"Probe run failed: {e.GetType().Name}.");
        }
    }

    public static async Task<Results<Ok<InvocationResponse>, JsonHttpResult<InvocationResponse>>> AbsorbFailureReport(
        InvocationRequest invocation, FailureReportAbsorber absorber, CancellationToken cancellationToken)
    {
        if (invocation.Data?.TryGetValue(QueueBinding, out var item) != true)
        {
            return Failed($"The invocation has no '{QueueBinding}' binding in Data.");
        }

        var message = QueueItemText(item);
        var dequeueCount = invocation.Metadata?.TryGetValue("DequeueCount", out var count) == true ? DequeueCount(count) : 1;
        try
        {
            var outcome = await absorber.AbsorbAsync(message, dequeueCount, cancellationToken);
            return TypedResults.Ok(InvocationResponse.WithLog($"Failure report {JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString())}."));
        }
        catch (Exception e) when (e is RequestFailedException or StorageContentionException)
        {
            // Non-2xx: the host makes the message visible again and poisons it after maxDequeueCount.
            return Failed($"Failure report not absorbed on delivery {dequeueCount}: {e.GetType().Name}.");
        }
    }

    /// <summary>
    /// The host passes the message text as a JSON string, as the JSON value it parsed from it, or
    /// (some host versions) as that string serialized once more; all three give the message text.
    /// </summary>
    private static string QueueItemText(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            return item.GetRawText();
        }

        var text = item.GetString()!;
        if (text.StartsWith('"'))
        {
            try
            {
                return JsonSerializer.Deserialize<string>(text) ?? text;
            }
            catch (JsonException)
            {
            }
        }

        return text;
    }

    /// <summary>Trigger metadata values may arrive as numbers or as their text.</summary>
    private static long DequeueCount(JsonElement count) => count.ValueKind switch
    {
        JsonValueKind.Number when count.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => 1,
    };

    private static JsonHttpResult<InvocationResponse> Failed(string log) =>
        TypedResults.Json(InvocationResponse.WithLog(log), statusCode: StatusCodes.Status500InternalServerError);

    private static bool TryGetCaseInsensitive(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
