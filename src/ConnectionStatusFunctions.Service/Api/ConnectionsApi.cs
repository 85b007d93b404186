using System.Globalization;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Connectors report status; admins and support read it, one tenant at a time.</summary>
public sealed class ConnectionsApi(ReportIntake intake, ConnectionStore store, AccountDeletionStore deletions, ConnectionLists lists, AttentionIndexStore attention, ConnectionHistory history, TenantStore tenants, ConnectionViews views, ILogger<ConnectionsApi> logger)
{
    public async Task<Results<Ok<ReportResponse>, ValidationProblem, ProblemHttpResult>> ReportStatusAsync(
        HttpRequest request, string tenantId, string channelAccountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        // The body arrives at the caller's pace, bounded by the host; the storage budget is not for it.
        var report = await RequestBinding.ReadReportAsync(request, errors, RequestBudget.CallerAborted(request.HttpContext));
        if (report is null)
        {
            Identifier.AddErrors(errors, tenantId, channelAccountId);
            return TypedResults.ValidationProblem(errors, title: "The status report is invalid.");
        }

        ApplyResult result;
        try
        {
            // Decided against the account's stored channel, not only the one this report names.
            result = await intake.SubmitAsync(
                new ConnectionKey(tenantId, channelAccountId), report, ReportSource.Connector, cancellationToken, ChannelLimit.Of(request.HttpContext.User));
        }
        catch (Deletion.TenantDeletedException deleted)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "Tenant deleted.",
                detail: $"Tenant '{deleted.TenantId}' was deleted at {deleted.DeletedAt:O}; this report was not written. Once the deletion is done, a report observed more than StatusPolicy:MaxClockSkew after it creates the tenant again.");
        }
        catch (ChannelNotAllowedException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden.",
                detail: "This caller may report on some channels only: the account must be on one of them, and a new account must name one in the report's channel field.");
        }

        return result switch
        {
            ApplyResult.Rejected rejected => TypedResults.ValidationProblem(rejected.Errors, title: "The status report is invalid."),
            ApplyResult.Applied applied => TypedResults.Ok(new ReportResponse(TransitionKind.Applied, await views.CreateAsync(applied.Connection, cancellationToken))),
            ApplyResult.Unchanged unchanged => TypedResults.Ok(new ReportResponse(unchanged.Kind, await views.CreateAsync(unchanged.Connection, cancellationToken))),
            ApplyResult.Gone => TypedResults.Ok(new ReportResponse(TransitionKind.Stale, null)),
            _ => throw new InvalidOperationException($"No answer for {result.GetType().Name}."),
        };
    }

    public async Task<Results<JsonPage<ConnectionList>, ValidationProblem>> ListAsync(
        HttpRequest request, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        var query = RequestBinding.BindList(request.Query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var lens = await views.AsOfNowAsync(cancellationToken);
        if (await tenants.IsDeletedAsync(tenantId, cancellationToken))
        {
            // Its rows may still be there while the deletion job runs: they are not shown.
            return new JsonPage<ConnectionList>(new ConnectionList([], null, [], query.NeedsAttentionOnly ? 0 : null, lens.ProviderOutages, Known: false));
        }

        ConnectionPage page;
        int? total = null;
        try
        {
            if (query.NeedsAttentionOnly)
            {
                // From the attention index: longest-broken first, full pages; entries lapsed by now are left out and
                // removed, those the filter's in-memory parts reject are only skipped.
                var attentionPage = await attention.ListAttentionAsync(
                    tenantId, query.Filter, query.PageSize, query.ContinuationToken, stored => lens.Health(stored).NeedsAttention, stored => query.Filter.Matches(stored, lens.Health), cancellationToken);
                (page, total) = (attentionPage.Page, attentionPage.Total);
            }
            else
            {
                page = query.Filter.FiltersInMemory
                    ? await lists.ListMatchingAsync(tenantId, query.Filter, stored => query.Filter.Matches(stored, lens.Health), query.PageSize, query.ContinuationToken, cancellationToken)
                    : await lists.ListAsync(tenantId, query.Filter, query.PageSize, query.ContinuationToken, cancellationToken);
            }
        }
        catch (InvalidContinuationTokenException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] });
        }

        var items = page.Items.Select(lens.View).ToList();
        var unreadable = page.Unreadable.Select(row => new UnreadableConnection(row.Key.ChannelAccountId, row.Reason)).ToList();
        // A page with rows is of a registered tenant; only an empty one costs the registry read that tells a mistyped tenant apart.
        var known = page.Items.Count > 0 || page.Unreadable.Count > 0 || await tenants.IsRegisteredAsync(tenantId, cancellationToken);
        return new JsonPage<ConnectionList>(new ConnectionList(items, page.ContinuationToken, unreadable, total, lens.ProviderOutages, known));
    }

    public async Task<Results<Ok<ConnectionView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        HttpResponse response, string tenantId, string channelAccountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId, channelAccountId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stored = await store.GetAsync(new ConnectionKey(tenantId, channelAccountId), cancellationToken);
        if (stored is null)
        {
            return NotFound(tenantId, channelAccountId);
        }

        if (await tenants.IsDeletedAsync(tenantId, cancellationToken))
        {
            return TenantDeletedNotFound(tenantId, channelAccountId);
        }

        response.Headers.ETag = stored.ETag.ToString("H");
        return TypedResults.Ok(await views.CreateAsync(stored, cancellationToken));
    }

    public async Task<Results<Ok<TransitionList>, ProblemHttpResult, ValidationProblem>> GetHistoryAsync(
        HttpRequest request, string tenantId, string channelAccountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId, channelAccountId);
        var query = RequestBinding.BindHistory(request.Query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        HistoryPage? page;
        try
        {
            page = await history.ListHistoryAsync(new ConnectionKey(tenantId, channelAccountId), query.PageSize, query.ContinuationToken, cancellationToken);
        }
        catch (InvalidContinuationTokenException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] });
        }

        if (page is null)
        {
            return NotFound(tenantId, channelAccountId);
        }

        if (await tenants.IsDeletedAsync(tenantId, cancellationToken))
        {
            return TenantDeletedNotFound(tenantId, channelAccountId);
        }

        return TypedResults.Ok(new TransitionList(page.Items.Select(TransitionView.Of).ToList(), page.ContinuationToken));
    }

    /// <summary>
    /// Deletes the account, leaving its tombstone (<see cref="AccountDeletionStore.DeleteAsync"/>). The
    /// access check has already refused channel-limited callers (only connectors may be limited), so
    /// no stored channel has to be decided here.
    /// </summary>
    public async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        HttpContext http, string tenantId, string channelAccountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId, channelAccountId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Read afresh, not from this instance's cache of live tenants: an account deleted inside a tenant
        // being deleted would leave a tombstone and publish a `deleted` event for an account readers no longer see.
        if (await tenants.RegistrationOfAsync(tenantId, cancellationToken) == TenantRegistration.Deleted)
        {
            return TenantDeletedNotFound(tenantId, channelAccountId);
        }

        var key = new ConnectionKey(tenantId, channelAccountId);
        var deletedAt = await deletions.DeleteAsync(key, cancellationToken);
        if (deletedAt is null)
        {
            // The retry of a deletion whose answer was lost (a 503 that says it may have been done) ends here: it says
            // the account was deleted, and when, rather than that it was never reported.
            return await deletions.EarlierDeletionAsync(key, cancellationToken) is { } earlier
                ? AlreadyDeletedNotFound(tenantId, channelAccountId, earlier)
                : NotFound(tenantId, channelAccountId);
        }

        // Who asked, by the caller's name (a key's name, a token's subject hash): never a secret.
        logger.LogInformation(
            "Deleted account {TenantId}/{ChannelAccountId} at {DeletedAt:O}, asked by {Caller}",
            tenantId, channelAccountId, deletedAt, http.User.FindFirst(ApiKeyAuthenticationHandler.CallerClaim)?.Value ?? "unknown");
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string tenantId, string channelAccountId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Connection not found.",
        detail: $"No status has been reported for channel account '{channelAccountId}' of tenant '{tenantId}'.");

    private static ProblemHttpResult AlreadyDeletedNotFound(string tenantId, string channelAccountId, DateTimeOffset deletedAt) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Connection not found.",
        detail: $"Channel account '{channelAccountId}' of tenant '{tenantId}' was deleted at {deletedAt.ToString("O", CultureInfo.InvariantCulture)}.");

    // A tenant being deleted may still have rows while its job runs; they are no longer its accounts.
    private static ProblemHttpResult TenantDeletedNotFound(string tenantId, string channelAccountId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Connection not found.",
        detail: $"Tenant '{tenantId}' was deleted, with its channel account '{channelAccountId}'.");

    public async Task<Results<Ok<TenantSummary>, ValidationProblem>> GetSummaryAsync(string tenantId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await tenants.IsDeletedAsync(tenantId, cancellationToken))
        {
            return TypedResults.Ok(TenantSummary.Unknown(tenantId, deleted: true));
        }

        var lens = await views.AsOfNowAsync(cancellationToken);
        var summary = new TenantSummary.Builder();
        await foreach (var page in lists.ListAllAsync(tenantId, cancellationToken))
        {
            foreach (var stored in page.Items)
            {
                summary.Add(lens.Health(stored));
            }

            summary.AddUnreadable(page.Unreadable.Count);
        }

        var built = summary.Build();
        // A tenant with rows is registered; only an empty answer costs the registry read that tells a mistyped tenant apart.
        return TypedResults.Ok(built.Total > 0 || await tenants.IsRegisteredAsync(tenantId, cancellationToken) ? built : TenantSummary.Unknown(tenantId, deleted: false));
    }
}
