using ConnectionStatusFunctions.Service.Api;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Every request no other function serves (an unknown path, a wrong method, HEAD): without it the
/// host answers a bare 404 with none of the API's headers. Every method, anonymous, and the
/// lowest-precedence route, so the host's router tries it last; the answer is the standalone host's problem.
/// </summary>
public sealed class UnmatchedFunctions
{
    [Function(UnmatchedRequests.FunctionName)]
    public static IResult UnmatchedRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = UnmatchedRequests.Template)] HttpRequest request) =>
        UnmatchedRequests.Answer(request);
}
