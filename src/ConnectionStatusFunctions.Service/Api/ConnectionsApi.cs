using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Connectors report status; admins and support read it, one tenant at a time.</summary>
public sealed class ConnectionsApi(ReportIntake intake, ConnectionStore store, ConnectionViews views)
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
            _ => throw new InvalidOperationException($"No answer for {result.GetType().Name}."),
        };
    }

    public async Task<Results<Ok<ConnectionList>, ValidationProblem>> ListAsync(
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
        ConnectionPage page;
        try
        {
            page = query.Filter.FiltersInMemory
                ? await store.ListMatchingAsync(tenantId, query.Filter, stored => query.Filter.Matches(stored, lens.Health) && (!query.NeedsAttentionOnly || lens.Health(stored).NeedsAttention), query.PageSize, query.ContinuationToken, cancellationToken)
                : await store.ListAsync(tenantId, query.Filter, query.PageSize, query.ContinuationToken, cancellationToken);
        }
        catch (InvalidContinuationTokenException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] });
        }

        var items = page.Items
            .Select(lens.View)
            // Without an in-memory filter, needs-attention depends on health as of now, so it is decided here, not in the
            // query; a page may then hold fewer items than pageSize while a continuation token remains.
            .Where(view => !query.NeedsAttentionOnly || view.NeedsAttention)
            .ToList();
        var unreadable = page.Unreadable.Select(row => new UnreadableConnection(row.Key.ChannelAccountId, row.Reason)).ToList();
        return TypedResults.Ok(new ConnectionList(items, page.ContinuationToken, unreadable));
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
            page = await store.ListHistoryAsync(new ConnectionKey(tenantId, channelAccountId), query.PageSize, query.ContinuationToken, cancellationToken);
        }
        catch (InvalidContinuationTokenException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] });
        }

        if (page is null)
        {
            return NotFound(tenantId, channelAccountId);
        }

        return TypedResults.Ok(new TransitionList(page.Items.Select(TransitionView.Of).ToList(), page.ContinuationToken));
    }

    private static ProblemHttpResult NotFound(string tenantId, string channelAccountId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Connection not found.",
        detail: $"No status has been reported for channel account '{channelAccountId}' of tenant '{tenantId}'.");

    public async Task<Results<Ok<TenantSummary>, ValidationProblem>> GetSummaryAsync(string tenantId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var lens = await views.AsOfNowAsync(cancellationToken);
        var summary = new TenantSummary.Builder();
        await foreach (var page in store.ListAllAsync(tenantId, cancellationToken))
        {
            foreach (var stored in page.Items)
            {
                summary.Add(lens.Health(stored));
            }

            summary.AddUnreadable(page.Unreadable.Count);
        }

        return TypedResults.Ok(summary.Build());
    }
}
