using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker.Http;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The connection routes. Anonymous to the host: the shared access check is the gate.</summary>
public sealed class ConnectionFunctions(ConnectionsApi connections)
{
    [Function(StatusRoutes.ReportConnectionStatusName)]
    public Task<Results<Ok<ReportResponse>, ValidationProblem, ProblemHttpResult>> ReportConnectionStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = StatusRoutes.ConnectionTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId,
        CancellationToken cancellationToken) =>
        connections.ReportStatusAsync(request, tenantId, channelAccountId, cancellationToken);

    [Function(StatusRoutes.ListConnectionsName)]
    public Task<Results<Ok<ConnectionList>, ValidationProblem>> ListConnections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoutes.ConnectionsTemplate)] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken) =>
        connections.ListAsync(request, tenantId, cancellationToken);

    [Function(StatusRoutes.GetConnectionName)]
    public Task<Results<Ok<ConnectionView>, ProblemHttpResult, ValidationProblem>> GetConnection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoutes.ConnectionTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId,
        CancellationToken cancellationToken) =>
        connections.GetAsync(request.HttpContext.Response, tenantId, channelAccountId, cancellationToken);

    [Function(StatusRoutes.GetConnectionHistoryName)]
    public Task<Results<Ok<TransitionList>, ProblemHttpResult, ValidationProblem>> GetConnectionHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoutes.HistoryTemplate)] HttpRequest request,
        string tenantId,
        string channelAccountId,
        CancellationToken cancellationToken) =>
        connections.GetHistoryAsync(request, tenantId, channelAccountId, cancellationToken);

    [Function(StatusRoutes.GetConnectionSummaryName)]
    public Task<Results<Ok<TenantSummary>, ValidationProblem>> GetConnectionSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoutes.SummaryTemplate)] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken) =>
        connections.GetSummaryAsync(tenantId, cancellationToken);
}
