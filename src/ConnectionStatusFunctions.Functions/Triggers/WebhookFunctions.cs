using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>A tenant's webhook subscriptions; cancelled by the request budget (see ConnectionFunctions).</summary>
public sealed class WebhookFunctions(WebhooksApi webhooks)
{
    [Function(StatusRoutes.CreateWebhookName)]
    public Task<Results<Created<CreatedWebhook>, ValidationProblem, ProblemHttpResult>> CreateWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StatusRoutes.WebhooksTemplate)] HttpRequest request,
        string tenantId) =>
        webhooks.CreateAsync(request, tenantId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.ListWebhooksName)]
    public Task<Results<Ok<WebhookList>, ValidationProblem>> ListWebhooks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.WebhooksTemplate)] HttpRequest request,
        string tenantId) =>
        webhooks.ListAsync(tenantId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.GetWebhookName)]
    public Task<Results<Ok<WebhookSubscriptionView>, ValidationProblem, ProblemHttpResult>> GetWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.WebhookTemplate)] HttpRequest request,
        string tenantId,
        string subscriptionId) =>
        webhooks.GetAsync(tenantId, subscriptionId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.DeleteWebhookName)]
    public Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = StatusRoutes.WebhookTemplate)] HttpRequest request,
        string tenantId,
        string subscriptionId) =>
        webhooks.DeleteAsync(tenantId, subscriptionId, request.HttpContext.RequestAborted);
}
