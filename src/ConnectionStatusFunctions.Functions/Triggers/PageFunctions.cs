using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Page;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The status page and its files, at the same paths as the standalone host's (host.json's routePrefix is empty).</summary>
public sealed class PageFunctions(StatusPage page)
{
    [Function(StatusRoutes.StatusPageName)]
    public Results<FileContentHttpResult, StatusCodeHttpResult> StatusPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.PageTemplate)] HttpRequest request) =>
        page.GetPage(request.HttpContext);

    [Function(StatusRoutes.StatusPageAssetName)]
    public Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> StatusPageAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.PageAssetTemplate)] HttpRequest request,
        string asset) =>
        page.GetAsset(request.HttpContext, asset);

    [Function(StatusRoutes.SiteRootName)]
    public static RedirectHttpResult SiteRoot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.RootTemplate)] HttpRequest request) =>
        Service.Page.StatusPage.RedirectToPage(request.HttpContext);
}
