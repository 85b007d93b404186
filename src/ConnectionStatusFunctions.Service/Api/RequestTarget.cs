namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The request's target as the caller sent it. Kestrel (and the Functions host in front of the
/// worker) removes dot segments before routing, so "/connections/.." or "/connections/%2E%2E"
/// arrives as another route: an account's DELETE would become its tenant's. The route matched is
/// then not the one the caller named, so such a request is refused rather than guessed at.
/// </summary>
public static class RequestTarget
{
    /// <summary>Whether a segment of the target's path, percent-decoded, is "." or "..".</summary>
    public static bool HasDotSegment(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget))
        {
            return false;
        }

        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is > 0 and <= 6 && Uri.UnescapeDataString(segment) is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
