using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Headers every API answer carries, success or problem: status data is per caller and never cached, and never sniffed as another type.</summary>
public static class ApiHeaders
{
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        // What ASP.NET Core's exception handler writes too, so errors and answers carry the same.
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Vary = ApiKeyAuthenticationHandler.HeaderName;
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
