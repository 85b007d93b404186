using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Headers every API answer carries, success or problem: status data is per caller and never cached, and never sniffed as another type.</summary>
public static class ApiHeaders
{
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers.Vary = ApiKeyAuthenticationHandler.HeaderName;
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
