using System.Security.Claims;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The tenant directory: the tenants the caller may see, each with its accounts needing attention
/// counted from the attention index as the attention list totals them, so a row costs what its
/// broken accounts cost (one query of its index range), not what its accounts do; the number of
/// accounts is the hourly survey's.
/// </summary>
public sealed class TenantsApi(TenantStore tenants, AttentionIndexStore attention, ConnectionViews views)
{
    /// <summary>'~' is in no tenant id, so this scope is no tenant's.</summary>
    private const string TokenScope = "~tenants";

    public async Task<Results<Ok<TenantList>, ValidationProblem>> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = RequestBinding.BindTenants(request.Query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        string? after;
        try
        {
            after = ContinuationTokens.Open(query.ContinuationToken, TokenScope);
        }
        catch (InvalidContinuationTokenException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] });
        }

        var everyTenant = request.HttpContext.User.MayAccessTenant(Policies.EveryTenant);
        var page = await VisibleAsync(request.HttpContext.User, after, query.PageSize + 1, cancellationToken);
        var more = page.Count > query.PageSize;
        var items = new List<TenantEntry>(query.PageSize);
        var lens = await views.AsOfNowAsync(cancellationToken);
        foreach (var (tenantId, registered) in page.Take(query.PageSize))
        {
            var needingAttention = registered is null ? 0 : await attention.CountAttentionAsync(tenantId, stored => lens.Health(stored).NeedsAttention, cancellationToken);
            items.Add(new TenantEntry(
                tenantId,
                registered is not null,
                needingAttention,
                registered is null ? null : needingAttention > 0 ? Badge.Red : Badge.Green,
                registered?.Accounts,
                registered?.SurveyedAt));
        }

        return TypedResults.Ok(new TenantList(items, more ? ContinuationTokens.Seal(items[^1].TenantId, TokenScope) : null, everyTenant));
    }

    /// <summary>
    /// Up to <paramref name="count"/> tenants after <paramref name="after"/>, in id order: every
    /// registered tenant for a key of every tenant (one registry query), else the tenants the key
    /// names, each with its registry row (one point read each; null for a tenant never registered).
    /// </summary>
    private async Task<List<(string TenantId, RegisteredTenant? Registered)>> VisibleAsync(ClaimsPrincipal user, string? after, int count, CancellationToken cancellationToken)
    {
        if (user.MayAccessTenant(Policies.EveryTenant))
        {
            return (await tenants.ListRegisteredAsync(after, count, cancellationToken)).Select(t => (t.TenantId, (RegisteredTenant?)t)).ToList();
        }

        var named = user.FindAll(ApiKeyAuthenticationHandler.TenantClaim)
            .Select(c => c.Value)
            .Where(id => id != Policies.EveryTenant && (after is null || string.CompareOrdinal(id, after) > 0))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(count);
        var visible = new List<(string, RegisteredTenant?)>();
        foreach (var tenantId in named)
        {
            visible.Add((tenantId, await tenants.FindAsync(tenantId, cancellationToken)));
        }

        return visible;
    }
}
