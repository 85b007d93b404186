using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Page;

namespace ConnectionStatusFunctions.Standalone.Api;

/// <summary>The status page's routes of the shared table, each calling the shared page handler. No key: the page holds no data.</summary>
public static class StatusPageEndpoints
{
    public static RouteGroupBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup(string.Empty);
        Map(page, StatusRoutes.StatusPage, (HttpContext http, StatusPage files) => files.GetPage(http));
        Map(page, StatusRoutes.StatusPageAsset, (HttpContext http, string asset, StatusPage files) => files.GetAsset(http, asset));
        Map(page, StatusRoutes.SiteRoot, (HttpContext http) => StatusPage.RedirectToPage(http));
        return page;
    }

    private static void Map(RouteGroupBuilder page, StatusRoute route, Delegate handler) =>
        page.MapMethods("/" + route.Template, route.Methods, handler).WithName(route.Name).WithMetadata(route);
}
