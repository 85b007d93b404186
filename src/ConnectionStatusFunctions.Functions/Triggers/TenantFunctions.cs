using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The tenant directory; cancelled by the request budget (see ConnectionFunctions).</summary>
public sealed class TenantFunctions(TenantsApi tenants)
{
    [Function(StatusRoutes.ListTenantsName)]
    public Task<Results<Ok<TenantList>, ValidationProblem>> ListTenants(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.TenantsTemplate)] HttpRequest request) =>
        tenants.ListAsync(request, request.HttpContext.RequestAborted);
}
