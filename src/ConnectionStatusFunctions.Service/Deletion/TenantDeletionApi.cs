using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>
/// The deletion of a whole tenant: the DELETE writes its tombstone in the registry (from then on no
/// tick probes it and no report writes to it) and queues the job that removes its rows; the status
/// route reads the tombstone. Both admit only an admin of every tenant (route policy and scope).
/// </summary>
public sealed class TenantDeletionApi(TenantStore tenants, TenantDeletionHandler jobs, ILogger<TenantDeletionApi> logger)
{
    /// <summary>Where a tenant's deletion is read: the DELETE's Location.</summary>
    public static string StatusPath(string tenantId) => "/" + StatusRoutes.TenantDeletionTemplate.Replace("{tenantId}", Uri.EscapeDataString(tenantId), StringComparison.Ordinal);

    /// <summary>The query parameter that must repeat the tenant's id.</summary>
    public const string ConfirmParameter = "confirm";

    /// <summary>
    /// 202 with the job (a second DELETE: the same job, queued again unless done, which costs
    /// nothing); 404 for a tenant never registered. Only with the tenant's id repeated in
    /// <see cref="ConfirmParameter"/>: a client's DELETE of an account whose id is <c>..</c> reaches
    /// this route once a server or proxy on the way has removed the dot segment (the Functions host's
    /// forwarder hands the worker the path so cleaned, with no trace of the target as sent), and it
    /// carries no confirmation.
    /// </summary>
    public async Task<Results<Accepted<TenantDeletionView>, ValidationProblem, ProblemHttpResult>> DeleteAsync(HttpRequest request, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IdErrors(tenantId) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var confirm = request.Query[ConfirmParameter];
        if (confirm.Count != 1 || !string.Equals(confirm[0], tenantId, StringComparison.Ordinal))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [ConfirmParameter] = [$"To delete the whole tenant '{tenantId}', repeat its id: ?{ConfirmParameter}={Uri.EscapeDataString(tenantId)}."] },
                title: "The tenant deletion is not confirmed: nothing was deleted.");
        }

        var caller = request.HttpContext.User.FindFirst(ApiKeyAuthenticationHandler.CallerClaim)?.Value ?? "unknown";
        var deletion = await tenants.MarkDeletedAsync(tenantId, caller, cancellationToken);
        if (deletion is null)
        {
            return NotFound("Tenant not found.", $"Tenant '{tenantId}' has never been registered: no report was ever written for it.");
        }

        if (deletion.State != TenantDeletionState.Done)
        {
            // Queued again on every DELETE before it is done: a job whose message was lost (the
            // first DELETE failed after its tombstone) is found again; two messages do the same work.
            await jobs.RequestAsync(tenantId, TimeSpan.Zero, cancellationToken);
        }

        logger.LogInformation("Tenant {TenantId} deletion asked for by {Caller}: {State} (tombstoned at {RequestedAt:O} by {RequestedBy})", tenantId, caller, WireName.Of(deletion.State), deletion.RequestedAt, deletion.RequestedBy);
        return TypedResults.Accepted(StatusPath(tenantId), TenantDeletionView.Of(deletion));
    }

    /// <summary>The deletion's state; 404 when the tenant has no tombstone (never deleted, or created again since).</summary>
    public async Task<Results<Ok<TenantDeletionView>, ValidationProblem, ProblemHttpResult>> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (IdErrors(tenantId) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await tenants.FindDeletionAsync(tenantId, cancellationToken) is { } deletion
            ? TypedResults.Ok(TenantDeletionView.Of(deletion))
            : NotFound("Tenant deletion not found.", $"Tenant '{tenantId}' has not been deleted, or was created again after its deletion.");
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    private static Dictionary<string, string[]>? IdErrors(string tenantId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        return errors.Count > 0 ? errors : null;
    }
}
