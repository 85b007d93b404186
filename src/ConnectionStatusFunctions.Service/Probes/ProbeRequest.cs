using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// One probe request, as the tick of <paramref name="Round"/> sent it: a tenant's status rows in the
/// row-key range [From, To) (null: open-ended), or with <paramref name="Survey"/> a count of the
/// tenant's rows that records its shard boundaries. <paramref name="Hold"/> names the channels whose
/// accounts this request leaves due this round, because other shards are owed them (see
/// <see cref="ProbeDistributor"/>). Only ids, times and channel names: nothing secret.
/// </summary>
public sealed record ProbeRequest(string TenantId, string? From, string? To, DateTimeOffset Round, bool Survey = false, IReadOnlyList<string>? Hold = null)
{
    public const int MaxMessageLength = 4096;

    /// <summary>Reads a message with a bound and checks what one request may hold; <paramref name="problem"/> says what is wrong, never a value.</summary>
    public static bool TryRead(string message, out ProbeRequest request, out string problem)
    {
        var read = QueueMessageText.TryRead<ProbeRequest>(message, MaxMessageLength, "probe request", out var value, out problem);
        request = value!;
        if (!read)
        {
            return false;
        }

        problem = request switch
        {
            _ when !Identifier.IsValid(request.TenantId) => $"tenantId must be {Identifier.Rule}.",
            _ when request.From is not null && !Identifier.IsValid(request.From) => $"from must be {Identifier.Rule}.",
            _ when request.To is not null && !Identifier.IsValid(request.To) => $"to must be {Identifier.Rule}.",
            _ when request.From is not null && request.To is not null && string.CompareOrdinal(request.From, request.To) >= 0 => "from must sort before to.",
            _ when request.Round == default => "round is required.",
            _ when request.Hold is { } hold && (hold.Count > Enum.GetValues<Channel>().Length || hold.Distinct(StringComparer.Ordinal).Count() != hold.Count || !hold.All(name => WireName.TryParse<Channel>(name, out _)))
                => $"hold must list distinct channel names ({string.Join(", ", Enum.GetValues<Channel>().Select(WireName.Of))}).",
            _ => string.Empty,
        };
        return problem.Length == 0;
    }
}
