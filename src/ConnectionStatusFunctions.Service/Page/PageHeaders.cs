namespace ConnectionStatusFunctions.Service.Page;

/// <summary>
/// Headers of every answer of the status page's routes, file or problem (a problem also carries
/// <see cref="Api.ApiHeaders"/>, as every other problem does). The page holds no data (it
/// fetches it from the API with the user's key), so it may be revalidated from cache; its script and
/// styles come only from this origin, never inline, so markup in a display name cannot run.
/// </summary>
public static class PageHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Kept in cache but revalidated on every use (a 304 by ETag), so a new deployment is seen at once.</summary>
    public const string CacheControl = "no-cache";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = CacheControl;
    }
}
