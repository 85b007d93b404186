using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// One HTTP route of the service: its function name, method, full template (no leading slash, the
/// same in both hosts), and who may call it. <paramref name="EveryTenant"/> routes answer with data
/// across tenants, so a key scoped to some tenants may not call them. <paramref name="IsPage"/>
/// routes serve the status page's files: they hold no data, carry the page's headers instead of the
/// API's, and need no key.
/// </summary>
public sealed record StatusRoute(string Name, string Method, string Template, string? Policy, bool EveryTenant = false, bool IsPage = false)
{
    /// <summary>How the API contract describes the route; every API route has one, page routes none.</summary>
    public ApiOperation? Operation { get; init; }

    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(Template), []);

    /// <summary>The route values a request path gives this route (decoded as the hosts decode them), or null when it is not this route.</summary>
    public RouteValueDictionary? Match(PathString path)
    {
        var values = new RouteValueDictionary();
        return _matcher.TryMatch(path, values) ? values : null;
    }

    /// <summary>The tenant a request path names, or null when the route has none or the path is not this route.</summary>
    public string? TenantOf(PathString path) => Match(path)?["tenantId"] as string;
}
