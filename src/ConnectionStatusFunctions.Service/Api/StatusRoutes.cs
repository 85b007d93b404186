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
    public const string TenantsTemplate = Prefix + "/tenants";
    public const string ConnectionsTemplate = Prefix + "/tenants/{tenantId}/connections";
    public const string SummaryTemplate = Prefix + "/tenants/{tenantId}/connection-summary";
    public const string ChannelHealthTemplate = Prefix + "/channels/health";
    public const string AppHealthTemplate = Prefix + "/healthz";
    public const string ApiContractTemplate = Prefix + "/openapi.json";
    public const string WebhooksTemplate = Prefix + "/tenants/{tenantId}/webhooks";
    public const string WebhookTemplate = WebhooksTemplate + "/{subscriptionId}";
    public const string TenantTemplate = Prefix + "/tenants/{tenantId}";
    public const string TenantDeletionTemplate = TenantTemplate + "/deletion";

    /// <summary>The status page, and its files under it.</summary>
    public const string PageTemplate = "status";
    public const string PageAssetTemplate = PageTemplate + "/{asset}";

    /// <summary>
    /// The site root, which sends a browser to the page. An empty route is not allowed in Functions,
    /// so the root is an optional parameter that only the empty string satisfies.
    /// </summary>
    public const string RootTemplate = "{root:maxlength(0)?}";

    public const string ReportConnectionStatusName = "ReportConnectionStatus";
    public const string ListTenantsName = "ListTenants";
    public const string ListConnectionsName = "ListConnections";
    public const string GetConnectionName = "GetConnection";
    public const string GetConnectionHistoryName = "GetConnectionHistory";
    public const string GetConnectionSummaryName = "GetConnectionSummary";
    public const string GetChannelHealthName = "GetChannelHealth";
    public const string AppHealthName = "AppHealth";
    public const string GetApiContractName = "GetApiContract";
    public const string CreateWebhookName = "CreateWebhook";
    public const string ListWebhooksName = "ListWebhooks";
    public const string GetWebhookName = "GetWebhook";
    public const string DeleteWebhookName = "DeleteWebhook";
    public const string DeleteConnectionName = "DeleteConnection";
    public const string DeleteTenantName = "DeleteTenant";
    public const string GetTenantDeletionName = "GetTenantDeletion";
    public const string StatusPageName = "StatusPage";
    public const string StatusPageAssetName = "StatusPageAsset";
    public const string SiteRootName = "SiteRoot";

    public static StatusRoute ReportConnectionStatus { get; } = new(ReportConnectionStatusName, HttpMethods.Patch, ConnectionTemplate, Policies.ReportStatus)
    {
        Operation = new(
            ApiContract.ReportsTag,
            "Report an account's status",
            "A connector reports what it observed. Reports are ordered by checkedAt (then status rank, then reportId): an older or repeated report changes nothing and answers its outcome (`stale`, `duplicate`). errorMessage is redacted before it is stored. The same body may be queued (see the QueuedReport schema). A report for a deleted tenant writes nothing and answers 410: while its deletion runs, and for good when observed no later than the deletion plus StatusPolicy:MaxClockSkew.",
            typeof(ReportResponse),
            [400, 401, 403, 410, 413, 429, 500, 503])
        {
            Body = typeof(ReportInput),
            BodyExample = ApiContract.ReportExample,
        },
    };

    public static StatusRoute ListConnections { get; } = new(ListConnectionsName, HttpMethods.Get, ConnectionsTemplate, Policies.ReadStatus)
    {
        Operation = new(
            ApiContract.ConnectionsTag,
            "List a tenant's accounts",
            "A page of the tenant's accounts with health, error summary and recommended action, in channelAccountId order (with needsAttention=true: longest-broken first). A connected account with no report for StatusPolicy:StaleAfter has status and health state `stale`. `attentionSince` is when the account began to need attention (null when it does not): its status change for an error, a disconnection or a silence, the start of its flapping, or the hour of its oldest failure in the last 24 hours, the earliest of those that hold. Rows that cannot be read are listed under `unreadable`. `known` is false for a tenant never registered (no account of it ever written): its pages are empty, and it is unknown rather than healthy, as the summary and the directory say.",
            typeof(ConnectionList),
            [400, 401, 403, 429, 500, 503])
        {
            Query =
            [
                new("status", ApiContract.EnumSchema<ConnectionStatus>(), "Only accounts with this status."),
                new("channel", ApiContract.EnumSchema<Channel>(), "Only accounts of this channel."),
                new("healthState", ApiContract.EnumSchema<HealthState>(), "Only accounts in this health state as of now (the healthState each item shows). Computed, so decided in memory over the tenant's rows: pages stay full, but a sparse match reads the whole tenant."),
                new("errorCategory", ApiContract.EnumSchema<ErrorCategory>(), "Only accounts whose current error has this category (status error); a recovered account keeps its last error but is not listed. Answered by storage."),
                new("flapping", new JsonObject { ["type"] = "boolean" }, $"`true`: only accounts flapping now, switching between connected and error often enough to count as flapping (isFlapping; one of the reasons an account needs attention: {Attention.Definition}); `false`: only accounts not flapping. Answered by storage (a column)."),
                new("q", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = ListFilter.MaxSearchLength }, "Search: accounts whose id starts with q (case as written), then, in id order, those whose display name contains q (case folded, culture-invariant). The ids are a key range; the names are matched in memory over the tenant's rows."),
                new("needsAttention", new JsonObject { ["type"] = "boolean" }, $"`false`, the default, filters nothing (every account, as without it); there is no filter for the accounts that do not need attention. `true`: only accounts that need attention now ({Attention.Definition}), answered from the tenant's attention index: longest-broken first (by attentionSince, oldest first; ties by channelAccountId), every page full but the last, and `total` set to the number of accounts the whole list would answer if read from its first page when this page was read (one read of the index serves both, so `total` can change between pages). Combines with every other filter: status, channel, errorCategory and flapping are matched by storage on the index, healthState and q in memory on its entries. An entry whose condition has lapsed by now (failures in the last 24 hours) is neither listed nor counted, and is removed as it is read. No status row is read: an entry its account's status row does not name (left by a hand edit of the table) is removed by the tenant's hourly survey, and until then listed and counted as its copy reads, once per account (an account with two entries is read to keep the one its status row names)."),
                new("pageSize", ApiContract.PageSizeSchema(ListQuery.DefaultPageSize, ListQuery.MaxPageSize), "Accounts per page."),
                new("continuationToken", new JsonObject { ["type"] = "string" }, "The previous page's continuationToken."),
            ],
        },
    };

    public static StatusRoute ListTenants { get; } = new(ListTenantsName, HttpMethods.Get, TenantsTemplate, Policies.ReadStatus)
    {
        Operation = new(
            ApiContract.TenantsTag,
            "List the tenants the caller may see",
            "The tenant directory, in tenant id order: every registered tenant for a key of every tenant, else the tenants the key names (a named tenant never registered is listed with `known` false and no badge: unknown, not healthy). Each with `needsAttention`, the number of its accounts needing attention as of the request, exactly the `total` of its needsAttention list without filters (from its attention index), a `badge` red when that is above zero, else green, and `accounts`, the number of accounts the last hourly survey counted, at `accountsCountedAt` (both null until surveyed). A row costs one query of the tenant's attention index, returning a row per account needing attention (one more per 1,000 of them), whatever its number of accounts; plus one point read of the registry for a scoped key; a page of every tenant is one registry query. The count trusts the index as the list does: an entry left by a hand edit that no status row names is counted until the tenant's hourly survey removes it. `everyTenant` is true for a key of every tenant, false for a key that names its tenants (the status page opens a named key's only tenant at once).",
            typeof(TenantList),
            [400, 401, 403, 429, 500, 503])
        {
            Query =
            [
                new("pageSize", ApiContract.PageSizeSchema(TenantsQuery.DefaultPageSize, TenantsQuery.MaxPageSize), "Tenants per page."),
                new("continuationToken", new JsonObject { ["type"] = "string" }, "The previous page's continuationToken."),
            ],
        },
    };

    public static StatusRoute GetConnection { get; } = new(GetConnectionName, HttpMethods.Get, ConnectionTemplate, Policies.ReadStatus)
    {
        Operation = new(
            ApiContract.ConnectionsTag,
            "Get one account",
            "One account, with an ETag header. A row edited by hand into a value the service never writes is a 500 problem naming the column.",
            typeof(ConnectionView),
            [400, 401, 403, 404, 429, 500, 503])
        {
            SuccessHeaders = [ApiContract.ETagHeader],
        },
    };

    public static StatusRoute GetConnectionHistory { get; } = new(GetConnectionHistoryName, HttpMethods.Get, HistoryTemplate, Policies.ReadStatus)
    {
        Operation = new(
            ApiContract.ConnectionsTag,
            "Get an account's transitions",
            $"The account's last {ConnectionStore.HistoryLength} changes of status or error category, newest first. `from` is null for the first state; the error fields are set only for a change to `error`.",
            typeof(TransitionList),
            [400, 401, 403, 404, 429, 500, 503])
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
            ApiContract.ConnectionsTag,
            "Get a tenant's summary badge",
            $"The badge (green, yellow, red), its text, the average health score and the counts over every account of the tenant. `known` is false for a tenant never registered (no account of it ever written) or deleted (even while its deletion job runs), whose counts are all zero. The per-state counts count health states; issueCount counts the accounts that need attention ({Attention.Definition}), as the needsAttention filter lists them; the badge is red when it is above zero.",
            typeof(TenantSummary),
            [400, 401, 403, 429, 500, 503]),
    };

    public static StatusRoute GetChannelHealth { get; } = new(GetChannelHealthName, HttpMethods.Get, ChannelHealthTemplate, Policies.ReadStatus, EveryTenant: true)
    {
        Operation = new(
            ApiContract.ChannelsTag,
            "Get provider health per channel",
            "Per channel, how many recently checked accounts fail, and whether that is an outage. Across tenants: keys scoped to some tenants are refused.",
            typeof(ChannelHealthList),
            [400, 401, 403, 429, 500, 503]),
    };

    public static StatusRoute AppHealth { get; } = new(AppHealthName, HttpMethods.Get, AppHealthTemplate, Policy: null)
    {
        Operation = new(
            ApiContract.ServiceTag,
            "Check the app",
            "200 when the app can reach its storage account.",
            typeof(AppHealthAnswer),
            [500, 503]),
    };

    public static StatusRoute GetApiContract { get; } = new(GetApiContractName, HttpMethods.Get, ApiContractTemplate, Policy: null)
    {
        Operation = new(
            ApiContract.ServiceTag,
            "Get this document",
            "The OpenAPI 3.1 description of every route.",
            typeof(JsonObject),
            []),
    };

    public static StatusRoute CreateWebhook { get; } = new(CreateWebhookName, HttpMethods.Post, WebhooksTemplate, Policies.ManageWebhooks)
    {
        Operation = new(
            ApiContract.WebhooksTag,
            "Subscribe a receiver to a tenant's events",
            $"Creates a subscription: every status-change event of the tenant's accounts (or those of the given types and channels) is POSTed to the URL as CloudEvents JSON, signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature). The answer holds the signing secret, shown this once: no other answer shows it. The URL must use https outside Development, may hold no credentials, query or fragment, and must not resolve to a loopback, private, link-local, multicast or cloud metadata address (checked now and at every connection). At most {Webhooks.WebhookStore.MaxSubscriptionsPerTenant} per tenant. docs/webhooks.md tells receivers how to verify.",
            typeof(Webhooks.CreatedWebhook),
            [400, 401, 403, 409, 410, 413, 429, 500, 503])
        {
            Body = typeof(Webhooks.CreateWebhookInput),
            BodyExample = new Webhooks.CreateWebhookInput("https://hooks.example.com/connection-status", [Webhooks.WebhookEventTypes.StatusChanged], ["line", "facebook"]),
            SuccessStatus = StatusCodes.Status201Created,
            SuccessHeaders = [ApiContract.LocationHeader],
        },
    };

    public static StatusRoute ListWebhooks { get; } = new(ListWebhooksName, HttpMethods.Get, WebhooksTemplate, Policies.ReadStatus)
    {
        Operation = new(
            ApiContract.WebhooksTag,
            "List a tenant's webhook subscriptions",
            "Every subscription of the tenant with its delivery health: active or disabled (a delivery given up with nothing delivered since its first attempt), failures since the last success, the last failure's time and reason, the last success. Never a secret.",
            typeof(Webhooks.WebhookList),
            [400, 401, 403, 429, 500, 503]),
    };

    public static StatusRoute GetWebhook { get; } = new(GetWebhookName, HttpMethods.Get, WebhookTemplate, Policies.ReadStatus)
    {
        Operation = new(
            ApiContract.WebhooksTag,
            "Get one webhook subscription",
            "The subscription and its delivery health, as the list shows it. Never its secret.",
            typeof(Webhooks.WebhookSubscriptionView),
            [400, 401, 403, 404, 429, 500, 503]),
    };

    public static StatusRoute DeleteWebhook { get; } = new(DeleteWebhookName, HttpMethods.Delete, WebhookTemplate, Policies.ManageWebhooks)
    {
        Operation = new(
            ApiContract.WebhooksTag,
            "Delete a webhook subscription",
            "Removes the subscription and its secret; deliveries not yet sent are dropped. 204 when it was removed, 404 when the tenant has no such subscription (a second delete included).",
            typeof(void),
            [400, 401, 403, 404, 429, 500, 503])
        {
            SuccessStatus = StatusCodes.Status204NoContent,
        },
    };

    public static StatusRoute DeleteConnection { get; } = new(DeleteConnectionName, HttpMethods.Delete, ConnectionTemplate, Policies.ManageConnections)
    {
        Operation = new(
            ApiContract.ConnectionsTag,
            "Delete an account",
            "Removes the account's status row, its history and its attention index entry in one transaction, and leaves a tombstone holding the deletion time (the service's clock): a report observed no later than it plus StatusPolicy:MaxClockSkew (30 s, as far as a connector's clock may run ahead: a queued message, a retried PATCH) is answered `stale` with no connection and creates nothing, a probe's answer is dropped, and a report observed later creates the account again as new (transition 1, a new incarnation). Its events still pending are published, then its `connectionstatus.account.deleted` event. 204 when it was deleted, 404 when the tenant has no such account (a second delete included: it changes nothing). The deletion is logged with the caller's name.",
            typeof(void),
            [400, 401, 403, 404, 429, 500, 503])
        {
            SuccessStatus = StatusCodes.Status204NoContent,
        },
    };

    public static StatusRoute DeleteTenant { get; } = new(DeleteTenantName, HttpMethods.Delete, TenantTemplate, Policies.ManageTenants, EveryTenant: true)
    {
        Operation = new(
            ApiContract.TenantsTag,
            "Delete a whole tenant",
            "Writes the tenant's tombstone in the registry, from which moment no probe tick includes it and every report for it is refused (410; each instance learns it within `Storage:KnownTenantRecheck`, 1 minute by default), then queues the job that removes every row of it: its accounts' status, history, index and outbox rows (100 to a transaction), its probe marks and counts, its webhook subscriptions with their secrets and their deliveries. Events not yet published for its accounts are dropped. 202 with the deletion's state and its Location; asking again answers the same deletion (queued again unless done). Once it is `done`, a report observed more than StatusPolicy:MaxClockSkew after the deletion creates the tenant again, as new. 404 for a tenant never registered. The deletion is logged with who asked for it. Only an admin of every tenant. The request must repeat the tenant's id in `confirm`: without it, 400 and nothing deleted, so that an account's DELETE whose id a client left as `..` (which servers and proxies remove with the segment before it) cannot become its tenant's.",
            typeof(Deletion.TenantDeletionView),
            [400, 401, 403, 404, 429, 500, 503])
        {
            SuccessStatus = StatusCodes.Status202Accepted,
            SuccessHeaders = [ApiContract.LocationHeader],
            Query = [new(Deletion.TenantDeletionApi.ConfirmParameter, new JsonObject { ["type"] = "string" }, "The tenant's id again, exactly as in the path (case as written), to confirm that the whole tenant is meant.", Required: true)],
        },
    };

    public static StatusRoute GetTenantDeletion { get; } = new(GetTenantDeletionName, HttpMethods.Get, TenantDeletionTemplate, Policies.ManageTenants, EveryTenant: true)
    {
        Operation = new(
            ApiContract.TenantsTag,
            "Get a tenant's deletion",
            "Where the tenant's deletion stands: `pending`, `running` with the rows removed so far, `done`, or `failed` (its job failed on every delivery; DELETE the tenant again to resume it). 404 when the tenant has no deletion (never deleted, or created again after one). Only an admin of every tenant.",
            typeof(Deletion.TenantDeletionView),
            [400, 401, 403, 404, 429, 500, 503]),
    };

    public static StatusRoute StatusPage { get; } = new(StatusPageName, HttpMethods.Get, PageTemplate, Policy: null, IsPage: true);
    public static StatusRoute StatusPageAsset { get; } = new(StatusPageAssetName, HttpMethods.Get, PageAssetTemplate, Policy: null, IsPage: true);
    public static StatusRoute SiteRoot { get; } = new(SiteRootName, HttpMethods.Get, RootTemplate, Policy: null, IsPage: true);

    /// <summary>The JSON API's routes.</summary>
    public static IReadOnlyList<StatusRoute> Api { get; } =
        [ReportConnectionStatus, ListTenants, ListConnections, GetConnection, GetConnectionHistory, GetConnectionSummary, GetChannelHealth, AppHealth, GetApiContract, CreateWebhook, ListWebhooks, GetWebhook, DeleteWebhook,
            DeleteConnection, DeleteTenant, GetTenantDeletion];

    /// <summary>The status page's routes: no data, no key.</summary>
    public static IReadOnlyList<StatusRoute> Pages { get; } = [StatusPage, StatusPageAsset, SiteRoot];

    /// <summary>Every HTTP route, API and page: what each host must serve.</summary>
    public static IReadOnlyList<StatusRoute> All { get; } = [.. Api, .. Pages];

    public static StatusRoute? Find(string functionName) => All.FirstOrDefault(r => r.Name == functionName);
}
