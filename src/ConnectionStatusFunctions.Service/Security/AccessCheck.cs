using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Who may call a route: the API key (authentication), its role (the route's policy) and its
/// tenants; and, once the caller may, that the request names no query parameter the route does not take. Both hosts run exactly this before a handler: the standalone host as an endpoint
/// filter, the Functions app as a worker middleware.
/// </summary>
public sealed class AccessCheck(IAuthorizationService authorization, IAuthenticationSchemeProvider schemes, RateLimits limits)
{
    /// <summary>Null when the caller may go on; otherwise the problem to answer with.</summary>
    public async Task<ProblemHttpResult?> CheckAsync(HttpContext http, StatusRoute route)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(route);
        if (route.Policy is null)
        {
            return null;
        }

        if (RequestTarget.HasDotSegment(http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The request's path holds a dot segment.",
                detail: "A path segment '.' or '..' (percent-encoded or not) is removed before routing, so the route it reached is not the one named; no id may be made only of dots. Nothing was done.");
        }

        var address = limits.ClientAddress(http);
        if (limits.IsAddressBlocked(address))
        {
            return RateLimits.TooManyRequests(http, RateLimits.AddressRetryAfter, "Too many requests with an unknown API key came from this address.");
        }

        // A bearer token when one is sent and Entra ID is configured; the API key otherwise.
        var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && await schemes.GetSchemeAsync(JwtBearerDefaults.AuthenticationScheme) is not null;
        var authentication = await http.AuthenticateAsync(bearer ? JwtBearerDefaults.AuthenticationScheme : ApiKeyAuthenticationHandler.SchemeName);
        if (!authentication.Succeeded)
        {
            limits.FailedAuthentication(address);
            http.Response.Headers.WWWAuthenticate = bearer ? JwtBearerDefaults.AuthenticationScheme : ApiKeyAuthenticationHandler.SchemeName;
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized.",
                detail: bearer ? "The bearer token is not valid here." : $"Send a valid API key in the {ApiKeyAuthenticationHandler.HeaderName} header.");
        }

        http.User = authentication.Principal;
        var caller = http.User.FindFirst(ApiKeyAuthenticationHandler.CallerClaim)?.Value
            ?? throw new InvalidOperationException("Every authenticated principal names its caller.");
        if (!limits.TryTake(caller))
        {
            return RateLimits.TooManyRequests(http, limits.CallerRetryAfter, "This API key has used its request rate; retry after the time in Retry-After.");
        }

        if (!(await authorization.AuthorizeAsync(http.User, route.Policy)).Succeeded)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden.",
                detail: "This API key's role may not call this route.");
        }

        // Channel limits narrow reports only (enforced on the stored row when the report is written);
        // reads are not filtered by channel, so a limited caller reads nothing rather than everything.
        if (route.Policy != Policies.ReportStatus && ChannelLimit.Of(http.User) is not null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden.",
                detail: "This caller is limited to some channels, which limits reports only; it may not read or manage.");
        }

        if (route.EveryTenant && !http.User.MayAccessTenant(Policies.EveryTenant))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden.",
                detail: "This route answers across all tenants; this API key is scoped to some tenants only.");
        }

        if (route.TenantOf(http.Request.Path) is { } tenantId && !http.User.MayAccessTenant(tenantId))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden.",
                detail: "This API key is not allowed to access this tenant.");
        }

        return UnknownQueryParameters(http.Request.Query, route);
    }

    /// <summary>
    /// A 400 when the request holds a query parameter the route does not take (names match in any
    /// case, as the binding reads them): a misspelt filter would otherwise filter nothing and answer
    /// as if it had. It names the parameters the route takes, not the ones sent: a 400 never quotes
    /// what was sent.
    /// </summary>
    private static ProblemHttpResult? UnknownQueryParameters(IQueryCollection query, StatusRoute route)
    {
        var taken = route.QueryParameters;
        if (query.Count == 0 || query.Keys.All(taken.Contains))
        {
            return null;
        }

        var message = taken.Count == 0
            ? "This route takes no query parameter."
            : $"A query parameter this route does not take was sent; it takes {string.Join(", ", taken.Order(StringComparer.Ordinal))}.";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "One or more validation errors occurred.",
            detail: $"{message} Nothing was done.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["query"] = [message] } });
    }
}
