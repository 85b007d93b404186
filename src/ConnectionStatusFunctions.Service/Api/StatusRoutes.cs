using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using AppHealthAnswer = ConnectionStatusFunctions.Service.Api.AppHealth;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The route table both hosts serve, and the one place a route is described: the standalone host maps
/// these templates, the Functions app declares one HTTP function per entry with the same name, method
/// and route, and the OpenAPI contract is built from each API route's <see cref="StatusRoute.Operation"/>. Templates are full
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

    public static StatusRoute ReportConnectionStatus { get; } = new(ReportConnectionStatusName, HttpMethods.Patch, ConnectionTemplate, Policies.ReportStatus)
    {
        Operation = new(
            "Report an account's status",
            "A connector reports what it observed. Reports are ordered by checkedAt (then status rank, then reportId): an older or repeated report changes nothing and answers its outcome (`stale`, `duplicate`). errorMessage is redacted before it is stored. The same body may be queued (see the QueuedReport schema).",
            typeof(ReportResponse),
            [400, 401, 403, 413, 429, 503])
        {
            Body = typeof(ReportInput),
            BodyExample = ApiContract.ReportExample,
        },
    };

    public static StatusRoute ListConnections { get; } = new(ListConnectionsName, HttpMethods.Get, ConnectionsTemplate, Policies.ReadStatus)
    {
        Operation = new(
            "List a tenant's accounts",
            "A page of the tenant's accounts with health, error summary and recommended action. A connected account with no report for StatusPolicy:StaleAfter has status and health state `stale`. Rows that cannot be read are listed under `unreadable`.",
            typeof(ConnectionList),
            [400, 401, 403, 429, 503])
        {
            Query =
            [
                new("status", ApiContract.EnumSchema<ConnectionStatus>(), "Only accounts with this status."),
                new("channel", ApiContract.EnumSchema<Channel>(), "Only accounts of this channel."),
                new("healthState", ApiContract.EnumSchema<HealthState>(), "Only accounts in this health state as of now (the healthState each item shows). Computed, so decided in memory over the tenant's rows: pages stay full, but a sparse match reads the whole tenant."),
                new("errorCategory", ApiContract.EnumSchema<ErrorCategory>(), "Only accounts whose current error has this category (status error); a recovered account keeps its last error but is not listed. Answered by storage."),
                new("q", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = ListFilter.MaxSearchLength }, "Search: accounts whose id starts with q (case as written), then, in id order, those whose display name contains q (case folded, culture-invariant). The ids are a key range; the names are matched in memory over the tenant's rows."),
                new("needsAttention", new JsonObject { ["type"] = "boolean" }, $"Only accounts that need attention now ({Attention.Definition}); alone, a page may hold fewer items than pageSize while a continuation token remains; with healthState or q, pages are full."),
                new("pageSize", ApiContract.PageSizeSchema(ListQuery.DefaultPageSize, ListQuery.MaxPageSize), "Accounts per page."),
                new("continuationToken", new JsonObject { ["type"] = "string" }, "The previous page's continuationToken."),
            ],
        },
    };

    public static StatusRoute GetConnection { get; } = new(GetConnectionName, HttpMethods.Get, ConnectionTemplate, Policies.ReadStatus)
    {
        Operation = new(
            "Get one account",
            "One account, with an ETag header. A row edited by hand into a value the service never writes is a 500 problem naming the column.",
            typeof(ConnectionView),
            [400, 401, 403, 404, 429, 500, 503]),
    };

    public static StatusRoute GetConnectionHistory { get; } = new(GetConnectionHistoryName, HttpMethods.Get, HistoryTemplate, Policies.ReadStatus)
    {
        Operation = new(
            "Get an account's transitions",
            $"The account's last {ConnectionStore.HistoryLength} changes of status or error category, newest first. `from` is null for the first state; the error fields are set only for a change to `error`.",
            typeof(TransitionList),
            [400, 401, 403, 404, 429, 503])
        {
            Query =
            [
                new("pageSize", ApiContract.PageSizeSchema(HistoryQuery.DefaultPageSize, ConnectionStore.HistoryLength), "Transitions per page."),
                new("continuationToken", new JsonObject { ["type"] = "string" }, "The previous page's continuationToken."),
            ],
        },
    };

    public static StatusRoute GetConnectionSummary { get; } = new(GetConnectionSummaryName, HttpMethods.Get, SummaryTemplate, Policies.ReadStatus)
    {
        Operation = new(
            "Get a tenant's summary badge",
            $"The badge (green, yellow, red), its text, the average health score and the counts over every account of the tenant. The per-state counts count health states; issueCount counts the accounts that need attention ({Attention.Definition}), as the needsAttention filter lists them; the badge is red when it is above zero.",
            typeof(TenantSummary),
            [400, 401, 403, 429, 503]),
    };

    public static StatusRoute GetChannelHealth { get; } = new(GetChannelHealthName, HttpMethods.Get, ChannelHealthTemplate, Policies.ReadStatus, EveryTenant: true)
    {
        Operation = new(
            "Get provider health per channel",
            "Per channel, how many recently checked accounts fail, and whether that is an outage. Across tenants: keys scoped to some tenants are refused.",
            typeof(ChannelHealthList),
            [401, 403, 429, 503]),
    };

    public static StatusRoute AppHealth { get; } = new(AppHealthName, HttpMethods.Get, AppHealthTemplate, Policy: null)
    {
        Operation = new(
            "Check the app",
            "200 when the app can reach its storage account.",
            typeof(AppHealthAnswer),
            [503]),
    };

    public static StatusRoute GetApiContract { get; } = new(GetApiContractName, HttpMethods.Get, ApiContractTemplate, Policy: null)
    {
        Operation = new(
            "Get this document",
            "The OpenAPI 3.1 description of every route.",
            typeof(JsonObject),
            []),
    };

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
