using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Demo;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ConnectionStatusFunctions.Service.Page;

/// <summary>
/// The status page: HTML, CSS and JavaScript embedded in this assembly (no build step, nothing from
/// another origin), served alike by both hosts at /status. The page calls the same JSON API as
/// everyone else with the key the user types in, so it needs no key of its own.
/// </summary>
public sealed class StatusPage
{
    public const string Path = "/" + Api.StatusRoutes.PageTemplate;
    private const string ResourcePrefix = "ConnectionStatusFunctions.Service.Page.files.";
    private const string IndexName = "index.html";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    // The page names channels as Core does: wire name to display name, as JSON in an attribute of the page.
    private static readonly string ChannelDisplayNames = JsonSerializer.Serialize(
        Enum.GetValues<Channel>().ToDictionary(WireName.Of, ChannelNames.DisplayName, StringComparer.Ordinal));

    private readonly PageFile _index;
    private readonly FrozenDictionary<string, PageFile> _assets;

    public StatusPage(IOptions<DemoOptions> demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var assembly = typeof(StatusPage).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(name => name[ResourcePrefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);

        // The tenant field starts on the demo tenant when one is seeded, so a newcomer sees it at once.
        // Tenant ids are letters, digits and -_.: only, and encoded all the same.
        var html = Encoding.UTF8.GetString(files[IndexName])
            .Replace("{{defaultTenant}}", HtmlEncoder.Default.Encode(demo.Value.Tenant ?? string.Empty), StringComparison.Ordinal)
            .Replace("{{channelNames}}", HtmlEncoder.Default.Encode(ChannelDisplayNames), StringComparison.Ordinal);
        _index = Create(IndexName, Encoding.UTF8.GetBytes(html));
        _assets = files.Where(f => f.Key != IndexName).ToFrozenDictionary(f => f.Key, f => Create(f.Key, f.Value), StringComparer.Ordinal);
    }

    public Results<FileContentHttpResult, StatusCodeHttpResult> GetPage(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return IsCachedCopyCurrent(http, _index) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(_index.Content, _index.ContentType);
    }

    public Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> GetAsset(HttpContext http, string asset)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!_assets.TryGetValue(asset ?? string.Empty, out var file))
        {
            // A problem, not a page file: the page's policy, and the headers of every other problem
            // (routing's own 404 among them), so nothing about it is stored or sniffed.
            PageHeaders.Apply(http.Response);
            ApiHeaders.Apply(http.Response);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found.",
                detail: "The status page has no such file.");
        }

        return IsCachedCopyCurrent(http, file) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(file.Content, file.ContentType);
    }

    /// <summary>The site root sends a browser to the page, which is what someone opening the service's address wants.</summary>
    public static RedirectHttpResult RedirectToPage(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        PageHeaders.Apply(http.Response);
        return TypedResults.Redirect(Path);
    }

    /// <summary>Sets the file's headers, and says whether the browser's If-None-Match already names this version.</summary>
    private static bool IsCachedCopyCurrent(HttpContext http, PageFile file)
    {
        PageHeaders.Apply(http.Response);
        http.Response.Headers.ETag = file.ETag;
        var match = http.Request.Headers.IfNoneMatch;
        return match.Count > 0 && EntityTagHeaderValue.TryParseList(match, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(file.ETag, StringComparison.Ordinal));
    }

    private static PageFile Create(string name, byte[] content) =>
        new(name, content, ContentTypes[System.IO.Path.GetExtension(name)], "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"");

    private static byte[] Read(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Resource {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
