using System.Globalization;
using System.Text.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>What the list route's query string asks for.</summary>
public sealed record ListQuery(ListFilter Filter, bool NeedsAttentionOnly, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
}

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

        var needsAttention = false;
        if (Single(query, "needsAttention", errors) is { } flag && !bool.TryParse(flag, out needsAttention))
        {
            errors["needsAttention"] = ["needsAttention must be true or false."];
        }

        var pageSize = ListQuery.DefaultPageSize;
        if (Single(query, "pageSize", errors) is { } size
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ListQuery.MaxPageSize))
        {
            errors["pageSize"] = [$"pageSize must be a whole number between 1 and {ListQuery.MaxPageSize}."];
        }

        return new ListQuery(new ListFilter(status, channel), needsAttention, pageSize, Single(query, "continuationToken", errors));
    }

    /// <summary>The JSON body as a report, or null with the errors that say why not.</summary>
    public static async Task<ReportInput?> ReadReportAsync(HttpRequest request, IDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            errors["body"] = ["The body must be a JSON status report (Content-Type: application/json)."];
            return null;
        }

        try
        {
            var report = await JsonSerializer.DeserializeAsync<ReportInput>(request.Body, ServiceJson.Options, cancellationToken);
            if (report is null)
            {
                errors["body"] = ["A JSON status report is required, not null."];
            }

            return report;
        }
        catch (JsonException e)
        {
            errors["body"] = [ServiceJson.Describe(e)];
            return null;
        }
    }

    private static TEnum? Enum<TEnum>(IQueryCollection query, string name, IDictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        var text = Single(query, name, errors);
        if (text is null)
        {
            return null;
        }

        if (WireName.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        errors[name] = [$"{name} must be one of {WireName.AllowedValues<TEnum>()}."];
        return null;
    }

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
