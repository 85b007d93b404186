using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The OpenAPI document of the routes; anonymous, it holds no data.</summary>
public sealed class ContractFunctions(ApiContract contract)
{
    [Function(StatusRoutes.GetApiContractName)]
    public ContentHttpResult GetApiContract(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.ApiContractTemplate)] HttpRequest request) =>
        contract.GetDocument();
}
