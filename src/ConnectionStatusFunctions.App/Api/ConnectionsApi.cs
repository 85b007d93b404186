using ConnectionStatusFunctions.App.Security;
using ConnectionStatusFunctions.App.Storage;
using ConnectionStatusFunctions.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.App.Api;

/// <summary>Connectors report status; admins and support read it, one tenant at a time.</summary>
public static class ConnectionsApi
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static RouteGroupBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenants/{tenantId}")
            .WithTags("Connections")
            .AddEndpointFilter(RequireTenantAccess);

        tenant.MapPatch("/connections/{channelAccountId}", ReportStatus)
            .RequireAuthorization(Policies.ReportStatus)
            .WithName("ReportConnectionStatus");
        tenant.MapGet("/connections", ListConnections)
            .RequireAuthorization(Policies.ReadStatus)
            .WithName("ListConnections");
        tenant.MapGet("/connections/{channelAccountId}", GetConnection)
            .RequireAuthorization(Policies.ReadStatus)
            .WithName("GetConnection");
        tenant.MapGet("/connection-summary", GetSummary)
            .RequireAuthorization(Policies.ReadStatus)
            .WithName("GetConnectionSummary");
        return tenant;
    }

    public static async Task<Results<Ok<ReportResponse>, ValidationProblem>> ReportStatus(
        string tenantId,
        string channelAccountId,
        [FromBody] ReportInput report,
        ReportIntake intake,
        ConnectionViews views,
        ChannelHealthStore channels,
        CancellationToken cancellationToken)
    {
        var result = await intake.SubmitAsync(new ConnectionKey(tenantId, channelAccountId), report, ReportSource.Connector, cancellationToken);
        if (result.Errors is not null)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The status report is invalid.");
        }

        var outages = await channels.GetOutagesAsync(cancellationToken);
        return TypedResults.Ok(new ReportResponse(result.Applied!.Outcome, views.Create(result.Applied.Connection, outages)));
    }

    public static async Task<Results<Ok<ConnectionList>, ValidationProblem>> ListConnections(
        string tenantId,
        string? status,
        string? channel,
        bool? needsAttention,
        int? pageSize,
        string? continuationToken,
        ConnectionStore store,
        ConnectionViews views,
        ChannelHealthStore channels,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateIds(errors, tenantId);
        ConnectionStatus? statusFilter = null;
        if (status is not null)
        {
            if (WireName.TryParse<ConnectionStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"status must be one of {WireName.AllowedValues<ConnectionStatus>()}."];
            }
        }

        Channel? channelFilter = null;
        if (channel is not null)
        {
            if (WireName.TryParse<Channel>(channel, out var parsed))
            {
                channelFilter = parsed;
            }
            else
            {
                errors["channel"] = [$"channel must be one of {WireName.AllowedValues<Channel>()}."];
            }
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        ConnectionPage page;
        try
        {
            page = await store.ListAsync(tenantId, new ListFilter(statusFilter, channelFilter), pageSize ?? DefaultPageSize, continuationToken, cancellationToken);
        }
        catch (InvalidContinuationTokenException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] });
        }

        var outages = await channels.GetOutagesAsync(cancellationToken);
        var items = page.Items
            .Select(stored => views.Create(stored, outages))
            // Needs-attention depends on health as of now, so it is decided here, not in the query;
            // a page may then hold fewer items than pageSize while a continuation token remains.
            .Where(view => needsAttention is not true || view.NeedsAttention)
            .ToList();
        return TypedResults.Ok(new ConnectionList(items, page.ContinuationToken));
    }

    public static async Task<Results<Ok<ConnectionView>, ProblemHttpResult, ValidationProblem>> GetConnection(
        string tenantId,
        string channelAccountId,
        ConnectionStore store,
        ConnectionViews views,
        ChannelHealthStore channels,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateIds(errors, tenantId, channelAccountId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stored = await store.GetAsync(new ConnectionKey(tenantId, channelAccountId), cancellationToken);
        if (stored is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Connection not found.",
                detail: $"No status has been reported for channel account '{channelAccountId}' of tenant '{tenantId}'.");
        }

        context.Response.Headers.ETag = stored.ETag.ToString("H");
        return TypedResults.Ok(views.Create(stored, await channels.GetOutagesAsync(cancellationToken)));
    }

    public static async Task<Results<Ok<TenantSummary>, ValidationProblem>> GetSummary(
        string tenantId,
        ConnectionStore store,
        ConnectionViews views,
        ChannelHealthStore channels,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateIds(errors, tenantId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outages = await channels.GetOutagesAsync(cancellationToken);
        var now = time.GetUtcNow();
        var summary = new TenantSummary.Builder();
        await foreach (var stored in store.ListAllAsync(tenantId, cancellationToken))
        {
            summary.Add(views.HealthOf(stored, outages, now));
        }

        return TypedResults.Ok(summary.Build());
    }

    public static void ValidateIds(Dictionary<string, string[]> errors, string tenantId, string? channelAccountId = null)
    {
        if (!Identifier.IsValid(tenantId))
        {
            errors["tenantId"] = [$"tenantId must be {Identifier.Rule}."];
        }

        if (channelAccountId is not null && !Identifier.IsValid(channelAccountId))
        {
            errors["channelAccountId"] = [$"channelAccountId must be {Identifier.Rule}."];
        }
    }

    /// <summary>A key scoped to some tenants gets 403 for any other, before the handler runs.</summary>
    private static async ValueTask<object?> RequireTenantAccess(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tenantId = http.GetRouteValue("tenantId") as string ?? string.Empty;
        if (http.User.Identity?.IsAuthenticated == true && !http.User.MayAccessTenant(tenantId))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden.",
                detail: "This API key is not allowed to access this tenant.");
        }

        return await next(context);
    }
}
