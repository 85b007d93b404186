using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// The connection routes. Anonymous to the host: the shared access check is the gate. Handlers take
/// the request's RequestAborted, not the invocation's token, because the problem middleware's
/// request budget cancels that one when storage stays silent.
/// </summary>
public sealed class ConnectionFunctions(ConnectionsApi connections)
{
    [Function(StatusRoutes.ReportConnectionStatusName)]
    public Task<Results<Ok<ReportResponse>, ValidationProblem, ProblemHttpResult>> ReportConnectionStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = StatusRoutes.ConnectionTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId) =>
        connections.ReportStatusAsync(request, tenantId, channelAccountId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.ListConnectionsName)]
    public Task<Results<JsonPage<ConnectionList>, ValidationProblem>> ListConnections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.ConnectionsTemplate)] HttpRequest request,
        string tenantId) =>
        connections.ListAsync(request, tenantId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.GetConnectionName)]
    public Task<Results<Ok<ConnectionView>, ProblemHttpResult, ValidationProblem>> GetConnection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.ConnectionTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId) =>
        connections.GetAsync(request.HttpContext.Response, tenantId, channelAccountId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.DeleteConnectionName)]
    public Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteConnection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = StatusRoutes.ConnectionTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId) =>
        connections.DeleteAsync(request.HttpContext, tenantId, channelAccountId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.GetConnectionHistoryName)]
    public Task<Results<Ok<TransitionList>, ProblemHttpResult, ValidationProblem>> GetConnectionHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.HistoryTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId) =>
        connections.GetHistoryAsync(request, tenantId, channelAccountId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.GetConnectionSummaryName)]
    public Task<Results<Ok<TenantSummary>, ValidationProblem>> GetConnectionSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.SummaryTemplate)] HttpRequest request,
        string tenantId) =>
        connections.GetSummaryAsync(tenantId, request.HttpContext.RequestAborted);
}
