using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Deletion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The deletion of a whole tenant and its state; cancelled by the request budget (see ConnectionFunctions).</summary>
public sealed class TenantDeletionFunctions(TenantDeletionApi deletions)
{
    [Function(StatusRoutes.DeleteTenantName)]
    public Task<Results<Accepted<TenantDeletionView>, ValidationProblem, ProblemHttpResult>> DeleteTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = StatusRoutes.TenantTemplate)] HttpRequest request,
        string tenantId) =>
        deletions.DeleteAsync(request, tenantId, request.HttpContext.RequestAborted);

    [Function(StatusRoutes.GetTenantDeletionName)]
    public Task<Results<Ok<TenantDeletionView>, ValidationProblem, ProblemHttpResult>> GetTenantDeletion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.TenantDeletionTemplate)] HttpRequest request,
        string tenantId) =>
        deletions.GetAsync(tenantId, request.HttpContext.RequestAborted);
}
