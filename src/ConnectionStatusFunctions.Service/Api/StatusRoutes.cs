using ConnectionStatusFunctions.Service.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// One HTTP route of the service: its function name, method, template under /api, and who may call
/// it. <paramref name="EveryTenant"/> routes answer with data across tenants, so a key scoped to
/// some tenants may not call them.
/// </summary>
public sealed record StatusRoute(string Name, string Method, string Template, string? Policy, bool EveryTenant = false)
{
    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(StatusRoutes.Prefix + "/" + Template), []);

    /// <summary>The route values a request path gives this route (decoded as the hosts decode them), or null when it is not this route.</summary>
    public RouteValueDictionary? Match(PathString path)
    {
        var values = new RouteValueDictionary();
        return _matcher.TryMatch(path, values) ? values : null;
    }

    /// <summary>The tenant a request path names, or null when the route has none or the path is not this route.</summary>
    public string? TenantOf(PathString path) => Match(path)?["tenantId"] as string;
}

/// <summary>
/// The route table both hosts serve: the standalone host maps these templates, the Functions app
/// declares one HTTP function per entry with the same name, method and route.
/// </summary>
public static class StatusRoutes
{
    /// <summary>The Functions host's default route prefix, which the standalone host adds itself.</summary>
    public const string Prefix = "api";

    public const string ConnectionTemplate = "tenants/{tenantId}/connections/{channelAccountId}";
    public const string HistoryTemplate = ConnectionTemplate + "/history";
    public const string ConnectionsTemplate = "tenants/{tenantId}/connections";
    public const string SummaryTemplate = "tenants/{tenantId}/connection-summary";
    public const string ChannelHealthTemplate = "channels/health";
    public const string AppHealthTemplate = "healthz";
    public const string ApiContractTemplate = "openapi.json";

    public const string ReportConnectionStatusName = "ReportConnectionStatus";
    public const string ListConnectionsName = "ListConnections";
    public const string GetConnectionName = "GetConnection";
    public const string GetConnectionHistoryName = "GetConnectionHistory";
    public const string GetConnectionSummaryName = "GetConnectionSummary";
    public const string GetChannelHealthName = "GetChannelHealth";
    public const string AppHealthName = "AppHealth";
    public const string GetApiContractName = "GetApiContract";

    public static StatusRoute ReportConnectionStatus { get; } = new(ReportConnectionStatusName, HttpMethods.Patch, ConnectionTemplate, Policies.ReportStatus);
    public static StatusRoute ListConnections { get; } = new(ListConnectionsName, HttpMethods.Get, ConnectionsTemplate, Policies.ReadStatus);
    public static StatusRoute GetConnection { get; } = new(GetConnectionName, HttpMethods.Get, ConnectionTemplate, Policies.ReadStatus);
    public static StatusRoute GetConnectionHistory { get; } = new(GetConnectionHistoryName, HttpMethods.Get, HistoryTemplate, Policies.ReadStatus);
    public static StatusRoute GetConnectionSummary { get; } = new(GetConnectionSummaryName, HttpMethods.Get, SummaryTemplate, Policies.ReadStatus);
    public static StatusRoute GetChannelHealth { get; } = new(GetChannelHealthName, HttpMethods.Get, ChannelHealthTemplate, Policies.ReadStatus, EveryTenant: true);
    public static StatusRoute AppHealth { get; } = new(AppHealthName, HttpMethods.Get, AppHealthTemplate, Policy: null);
    public static StatusRoute GetApiContract { get; } = new(GetApiContractName, HttpMethods.Get, ApiContractTemplate, Policy: null);

    public static IReadOnlyList<StatusRoute> All { get; } =
        [ReportConnectionStatus, ListConnections, GetConnection, GetConnectionHistory, GetConnectionSummary, GetChannelHealth, AppHealth, GetApiContract];

    public static StatusRoute? Find(string functionName) => All.FirstOrDefault(r => r.Name == functionName);
}
