using System.Net;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// One request sent with a JSON Accept and again with each of <see cref="NonJsonAccepts"/>: the same
/// problem every time, as application/problem+json with the API's headers. Used by the classes that
/// hold each kind of problem (routing's, a route's own, 413, 503).
/// </summary>
public static class ProblemsWhateverAccept
{
    public static async Task AssertAnsweredAlikeAsync(HttpClient client, Func<HttpRequestMessage> request, HttpStatusCode expected)
    {
        var (reference, referenceBody) = await SendAsync(client, request, "application/json");
        Assert.True(reference.StatusCode == expected, $"Accept: application/json: {reference.StatusCode} {referenceBody}");

        foreach (var accept in NonJsonAccepts.All)
        {
            var (response, body) = await SendAsync(client, request, accept);

            Assert.True(response.StatusCode == expected, $"Accept: {accept}: {response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(NonJsonAccepts.WithoutTraceId(referenceBody), NonJsonAccepts.WithoutTraceId(body));
            Assert.True(response.Headers.CacheControl?.NoStore, accept);
            Assert.True(response.Headers.CacheControl?.NoCache, accept);
            Assert.Contains("X-Api-Key", response.Headers.Vary);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(reference.Headers.RetryAfter?.ToString(), response.Headers.RetryAfter?.ToString());
            Assert.Equal(reference.Content.Headers.Allow.Order(StringComparer.Ordinal), response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        }
    }

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, Func<HttpRequestMessage> request, string accept)
    {
        using var message = request();
        message.Headers.Remove("Accept");
        message.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await client.SendAsync(message);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
