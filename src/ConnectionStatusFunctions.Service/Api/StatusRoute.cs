using System.Collections.Frozen;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Options;

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
    /// <summary>
    /// The methods both hosts answer on this route: its method, and HEAD beside GET (RFC 9110 9.3.2: the same answer
    /// without its body, which each host's server leaves out), so a monitor's or a proxy's HEAD is not a 405.
    /// </summary>
    public IReadOnlyList<string> Methods { get; } = HttpMethods.IsGet(Method) ? [Method, HttpMethods.Head] : [Method];

    /// <summary>How the API contract describes the route; every API route has one, page routes none.</summary>
    public ApiOperation? Operation
    {
        get => _operation;
        init
        {
            _operation = value;
            QueryParameters = value is null ? FrozenSet<string>.Empty : value.Query.Select(p => p.Name).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }
    }

    private readonly ApiOperation? _operation;

    /// <summary>The names of the query parameters the route takes, in any case (as the binding reads them), from its operation.</summary>
    public IReadOnlySet<string> QueryParameters { get; private init; } = FrozenSet<string>.Empty;

    // The template's inline constraints ({root:maxlength(0)?}) are checked as both hosts' routing checks them;
    // the matcher alone only compares segments.
    private static readonly DefaultInlineConstraintResolver Constraints = new(Options.Create(new RouteOptions()), new ServiceCollection().BuildServiceProvider());

    private readonly RouteTemplate _parsed = TemplateParser.Parse(Template);

    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(Template), []);

    /// <summary>The route values a request path gives this route (decoded as the hosts decode them), or null when it is not this route.</summary>
    public RouteValueDictionary? Match(PathString path)
    {
        var values = new RouteValueDictionary();
        return _matcher.TryMatch(path, values) && MeetsConstraints(values) ? values : null;
    }

    /// <summary>
    /// Whether the path has this template's segments, its constraints unchecked: the first step of the
    /// standalone host's routing, which chooses between a method's endpoint and a 405 before it checks constraints.
    /// </summary>
    public bool HasSegmentsOf(PathString path) => _matcher.TryMatch(path, []);

    private bool MeetsConstraints(RouteValueDictionary values)
    {
        foreach (var parameter in _parsed.Parameters)
        {
            var given = values.TryGetValue(parameter.Name!, out var value) && value is not null && !Equals(value, string.Empty);
            if (!given && parameter.IsOptional)
            {
                continue;
            }

            foreach (var inline in parameter.InlineConstraints)
            {
                var constraint = Constraints.ResolveConstraint(inline.Constraint)
                    ?? throw new InvalidOperationException($"Route {Name}: unknown constraint '{inline.Constraint}'.");
                if (!constraint.Match(httpContext: null, route: null, parameter.Name!, values, RouteDirection.IncomingRequest))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The tenant a request path names, or null when the route has none or the path is not this route.</summary>
    public string? TenantOf(PathString path) => Match(path)?["tenantId"] as string;
}
