using Azure.Core;
using Azure.Core.Pipeline;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// Counts the requests an SDK client sends, or only those <paramref name="counts"/> picks: added
/// with HttpPipelinePosition.PerCall it counts a call once whatever the SDK retries.
/// </summary>
public sealed class RequestCounter(Func<HttpMessage, bool>? counts = null) : HttpPipelineSynchronousPolicy
{
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (counts is null || counts(message))
        {
            Interlocked.Increment(ref _sent);
        }
    }
}
