using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// A 200 whose value is written in one synchronous pass into the response's pipe, then flushed: the
/// answer, headers and endpoint metadata of <c>TypedResults.Ok</c>, for a page of up to 1,000 accounts.
/// Ok's writer streams with resumable converters, and never uses the source-generated serializer
/// (<see cref="ServiceJsonContext"/>) for a value larger than half its buffer; writing at once does, at the
/// cost of holding one page (about 0.8 MB at most) in the pipe before it is sent.
/// </summary>
public sealed class JsonPage<TValue>(TValue value) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public TValue Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonContentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var typeInfo = (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), [JsonContentType]));
    }
}
