using System.Globalization;
using System.Text.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// Reads route, query and body values into the service's own types, with the errors a
/// ValidationProblem names field by field. Both hosts hand the raw request here, so binding
/// cannot differ between them.
/// </summary>
public static class RequestBinding
{
    public static ListQuery BindList(IQueryCollection query, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        var status = Enum<ConnectionStatus>(query, "status", errors);
        var channel = Enum<Channel>(query, "channel", errors);

        var needsAttention = Boolean(query, "needsAttention", errors) ?? false;
        var flapping = Boolean(query, "flapping", errors);

        var healthState = Enum<HealthState>(query, "healthState", errors);
        var errorCategory = Enum<ErrorCategory>(query, "errorCategory", errors);
        var search = Single(query, "q", errors);
        if (search is not null && (string.IsNullOrWhiteSpace(search) || search.Length > ListFilter.MaxSearchLength || search.Any(char.IsControl)))
        {
            errors["q"] = [$"q must be 1-{ListFilter.MaxSearchLength} characters, not only spaces, without control characters."];
        }

        var pageSize = PageSize(query, ListQuery.DefaultPageSize, ListQuery.MaxPageSize, errors);
        return new ListQuery(new ListFilter(status, channel, healthState, errorCategory, search, flapping), needsAttention, pageSize, Single(query, "continuationToken", errors));
    }

    public static HistoryQuery BindHistory(IQueryCollection query, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = PageSize(query, HistoryQuery.DefaultPageSize, ConnectionStore.HistoryLength, errors);
        return new HistoryQuery(pageSize, Single(query, "continuationToken", errors));
    }

    public static TenantsQuery BindTenants(IQueryCollection query, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = PageSize(query, TenantsQuery.DefaultPageSize, TenantsQuery.MaxPageSize, errors);
        return new TenantsQuery(pageSize, Single(query, "continuationToken", errors));
    }

    private static int PageSize(IQueryCollection query, int defaultSize, int maxSize, IDictionary<string, string[]> errors)
    {
        var pageSize = defaultSize;
        if (Single(query, "pageSize", errors) is { } size
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > maxSize))
        {
            errors["pageSize"] = [$"pageSize must be a whole number between 1 and {maxSize}."];
        }

        return pageSize;
    }

    /// <summary>A valid report is under 10 KB; a body over this is refused before more of it is read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The JSON body as a report, or null with the errors that say why not. A body over
    /// <see cref="MaxBodyBytes"/> throws a 413 <see cref="BadHttpRequestException"/>, which the problem
    /// mapping answers, having read at most that much.
    /// </summary>
    public static Task<ReportInput?> ReadReportAsync(HttpRequest request, IDictionary<string, string[]> errors, CancellationToken cancellationToken) =>
        ReadJsonAsync<ReportInput>(request, errors, "status report", "report", cancellationToken);

    /// <summary>
    /// The JSON body as <typeparamref name="T"/>, or null with the errors that say why not; <paramref name="noun"/> names
    /// what the body should be in the messages ("status report"), <paramref name="kind"/> in the one for unreadable JSON.
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, IDictionary<string, string[]> errors, string noun, string kind, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (!request.HasJsonContentType())
        {
            errors["body"] = [$"The body must be a JSON {noun} (Content-Type: application/json)."];
            return null;
        }

        var body = await ReadLimitedAsync(request, cancellationToken);
        if (body.Span.StartsWith(System.Text.Encoding.UTF8.Preamble))
        {
            // What PowerShell's and .NET's UTF-8 writers put first; JSON itself never starts with it.
            body = body[System.Text.Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            var read = JsonSerializer.Deserialize<T>(body.Span, ServiceJson.Options);
            if (read is null)
            {
                errors["body"] = [$"A JSON {noun} is required, not null."];
            }

            return read;
        }
        catch (JsonException e)
        {
            errors["body"] = [ServiceJson.Describe(e, kind)];
            return null;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = new byte[(int)Math.Min(request.ContentLength ?? 4096, MaxBodyBytes) + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > MaxBodyBytes)
                {
                    throw TooLarge();
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
        }
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The body is larger than {MaxBodyBytes / 1024} KiB; a status report is a few KB.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// A true/false parameter: null when absent, or, with its error recorded, when it is neither. Spelled exactly as JSON
    /// and the contract write it, as the enum parameters are (bool.TryParse would also take "TRUE" and " true ").
    /// </summary>
    private static bool? Boolean(IQueryCollection query, string name, IDictionary<string, string[]> errors)
    {
        switch (Single(query, name, errors))
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors[name] = [$"{name} must be true or false (in lowercase)."];
                return null;
        }
    }

    private static TEnum? Enum<TEnum>(IQueryCollection query, string name, IDictionary<string, string[]> errors) where TEnum : struct, Enum =>
        WireName.ReadField<TEnum>(Single(query, name, errors), name, errors);

    private static string? Single(IQueryCollection query, string name, IDictionary<string, string[]> errors)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            errors[name] = [$"{name} may be given once."];
            return null;
        }

        return values.Count == 1 ? values[0] : null;
    }
}
