using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The route table both hosts serve: the standalone host maps these templates, the Functions app
/// declares one HTTP function per entry with the same name, method and route. Templates are full
/// paths: the Functions host's routePrefix is empty (host.json), so that the page can live at
/// /status beside the API under /api in both hosts.
/// </summary>
public static class StatusRoutes
{
    /// <summary>Where the JSON API lives.</summary>
    public const string Prefix = "api";

    public const string ConnectionTemplate = Prefix + "/tenants/{tenantId}/connections/{channelAccountId}";
    public const string HistoryTemplate = ConnectionTemplate + "/history";
    public const string ConnectionsTemplate = Prefix + "/tenants/{tenantId}/connections";
    public const string SummaryTemplate = Prefix + "/tenants/{tenantId}/connection-summary";
    public const string ChannelHealthTemplate = Prefix + "/channels/health";
    public const string AppHealthTemplate = Prefix + "/healthz";
    public const string ApiContractTemplate = Prefix + "/openapi.json";

    /// <summary>The status page, and its files under it.</summary>
    public const string PageTemplate = "status";
    public const string PageAssetTemplate = PageTemplate + "/{asset}";

    /// <summary>
    /// The site root, which sends a browser to the page. An empty route is not allowed in Functions,
    /// so the root is an optional parameter that only the empty string satisfies.
    /// </summary>
    public const string RootTemplate = "{root:maxlength(0)?}";

    public const string ReportConnectionStatusName = "ReportConnectionStatus";
    public const string ListConnectionsName = "ListConnections";
    public const string GetConnectionName = "GetConnection";
    public const string GetConnectionHistoryName = "GetConnectionHistory";
    public const string GetConnectionSummaryName = "GetConnectionSummary";
    public const string GetChannelHealthName = "GetChannelHealth";
    public const string AppHealthName = "AppHealth";
    public const string GetApiContractName = "GetApiContract";
    public const string StatusPageName = "StatusPage";
    public const string StatusPageAssetName = "StatusPageAsset";
    public const string SiteRootName = "SiteRoot";

    public static StatusRoute ReportConnectionStatus { get; } = new(ReportConnectionStatusName, HttpMethods.Patch, ConnectionTemplate, Policies.ReportStatus);
    public static StatusRoute ListConnections { get; } = new(ListConnectionsName, HttpMethods.Get, ConnectionsTemplate, Policies.ReadStatus);
    public static StatusRoute GetConnection { get; } = new(GetConnectionName, HttpMethods.Get, ConnectionTemplate, Policies.ReadStatus);
    public static StatusRoute GetConnectionHistory { get; } = new(GetConnectionHistoryName, HttpMethods.Get, HistoryTemplate, Policies.ReadStatus);
    public static StatusRoute GetConnectionSummary { get; } = new(GetConnectionSummaryName, HttpMethods.Get, SummaryTemplate, Policies.ReadStatus);
    public static StatusRoute GetChannelHealth { get; } = new(GetChannelHealthName, HttpMethods.Get, ChannelHealthTemplate, Policies.ReadStatus, EveryTenant: true);
    public static StatusRoute AppHealth { get; } = new(AppHealthName, HttpMethods.Get, AppHealthTemplate, Policy: null);
    public static StatusRoute GetApiContract { get; } = new(GetApiContractName, HttpMethods.Get, ApiContractTemplate, Policy: null);

    public static StatusRoute StatusPage { get; } = new(StatusPageName, HttpMethods.Get, PageTemplate, Policy: null, IsPage: true);
    public static StatusRoute StatusPageAsset { get; } = new(StatusPageAssetName, HttpMethods.Get, PageAssetTemplate, Policy: null, IsPage: true);
    public static StatusRoute SiteRoot { get; } = new(SiteRootName, HttpMethods.Get, RootTemplate, Policy: null, IsPage: true);

    /// <summary>The JSON API's routes.</summary>
    public static IReadOnlyList<StatusRoute> Api { get; } =
        [ReportConnectionStatus, ListConnections, GetConnection, GetConnectionHistory, GetConnectionSummary, GetChannelHealth, AppHealth, GetApiContract];

    /// <summary>The status page's routes: no data, no key.</summary>
    public static IReadOnlyList<StatusRoute> Pages { get; } = [StatusPage, StatusPageAsset, SiteRoot];

    /// <summary>Every HTTP route, API and page: what each host must serve.</summary>
    public static IReadOnlyList<StatusRoute> All { get; } = [.. Api, .. Pages];

    public static StatusRoute? Find(string functionName) => All.FirstOrDefault(r => r.Name == functionName);
}
