using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Webhooks;

namespace ConnectionStatusFunctions.Standalone.Api;

/// <summary>The shared route table as minimal-API endpoints; every handler is the shared one.</summary>
public static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        // The templates are full paths (the page lives outside /api), so the group adds no prefix.
        var api = app.MapGroup(string.Empty).AddEndpointFilter(CheckAccess);

        Map(api, StatusRoutes.ReportConnectionStatus, (HttpRequest request, string tenantId, string channelAccountId, ConnectionsApi connections, CancellationToken cancellationToken) =>
            connections.ReportStatusAsync(request, tenantId, channelAccountId, cancellationToken));
        Map(api, StatusRoutes.ListTenants, (HttpRequest request, TenantsApi tenants, CancellationToken cancellationToken) =>
            tenants.ListAsync(request, cancellationToken));
        Map(api, StatusRoutes.ListConnections, (HttpRequest request, string tenantId, ConnectionsApi connections, CancellationToken cancellationToken) =>
            connections.ListAsync(request, tenantId, cancellationToken));
        Map(api, StatusRoutes.GetConnection, (HttpResponse response, string tenantId, string channelAccountId, ConnectionsApi connections, CancellationToken cancellationToken) =>
            connections.GetAsync(response, tenantId, channelAccountId, cancellationToken));
        Map(api, StatusRoutes.DeleteConnection, (HttpContext http, string tenantId, string channelAccountId, ConnectionsApi connections, CancellationToken cancellationToken) =>
            connections.DeleteAsync(http, tenantId, channelAccountId, cancellationToken));
        Map(api, StatusRoutes.GetConnectionHistory, (HttpRequest request, string tenantId, string channelAccountId, ConnectionsApi connections, CancellationToken cancellationToken) =>
            connections.GetHistoryAsync(request, tenantId, channelAccountId, cancellationToken));
        Map(api, StatusRoutes.GetConnectionSummary, (string tenantId, ConnectionsApi connections, CancellationToken cancellationToken) =>
            connections.GetSummaryAsync(tenantId, cancellationToken));
        Map(api, StatusRoutes.GetChannelHealth, (ChannelsApi channels, CancellationToken cancellationToken) =>
            channels.GetHealthAsync(cancellationToken));
        Map(api, StatusRoutes.AppHealth, (AppHealthApi health, CancellationToken cancellationToken) =>
            health.CheckAsync(cancellationToken));
        Map(api, StatusRoutes.GetApiContract, (ApiContract contract) => contract.GetDocument());
        Map(api, StatusRoutes.CreateWebhook, (HttpRequest request, string tenantId, WebhooksApi webhooks, CancellationToken cancellationToken) =>
            webhooks.CreateAsync(request, tenantId, cancellationToken));
        Map(api, StatusRoutes.ListWebhooks, (string tenantId, WebhooksApi webhooks, CancellationToken cancellationToken) =>
            webhooks.ListAsync(tenantId, cancellationToken));
        Map(api, StatusRoutes.GetWebhook, (string tenantId, string subscriptionId, WebhooksApi webhooks, CancellationToken cancellationToken) =>
            webhooks.GetAsync(tenantId, subscriptionId, cancellationToken));
        Map(api, StatusRoutes.DeleteWebhook, (string tenantId, string subscriptionId, WebhooksApi webhooks, CancellationToken cancellationToken) =>
            webhooks.DeleteAsync(tenantId, subscriptionId, cancellationToken));
        Map(api, StatusRoutes.DeleteTenant, (HttpRequest request, string tenantId, TenantDeletionApi deletions, CancellationToken cancellationToken) =>
            deletions.DeleteAsync(request, tenantId, cancellationToken));
        Map(api, StatusRoutes.GetTenantDeletion, (string tenantId, TenantDeletionApi deletions, CancellationToken cancellationToken) =>
            deletions.GetAsync(tenantId, cancellationToken));
        return api;
    }

    private static void Map(RouteGroupBuilder api, StatusRoute route, Delegate handler) =>
        api.MapMethods("/" + route.Template, route.Methods, handler).WithName(route.Name).WithMetadata(route);

    /// <summary>The same headers and check the Functions app applies in its middleware, before any handler.</summary>
    private static async ValueTask<object?> CheckAccess(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        ApiHeaders.Apply(http.Response);
        var route = http.GetEndpoint()?.Metadata.GetMetadata<StatusRoute>()
            ?? throw new InvalidOperationException("Every endpoint of the status API carries its StatusRoute.");
        var denied = await http.RequestServices.GetRequiredService<AccessCheck>().CheckAsync(http, route);
        return denied is not null ? denied : await next(context);
    }
}
