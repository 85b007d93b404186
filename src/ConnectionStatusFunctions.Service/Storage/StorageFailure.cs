using System.Net.Sockets;
using System.Security.Authentication;
using Azure;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Tells a storage transport failure (refused, reset, timed out, DNS, TLS, a 5xx from storage) from
/// anything else. Such a failure says nothing about the request or the message, only that storage
/// cannot be reached now: HTTP routes answer it with 503 and Retry-After, the queue listeners wait
/// for storage instead of counting it against a message.
/// </summary>
public static class StorageFailure
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // What the SDK throws when its own retries all failed: transient only if every try was.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        StorageUnavailableException => true,
        // An IOException too, but about the caller's request body, not storage.
        BadHttpRequestException => false,
        // Status 0 is the SDK's wrapping of a failure below HTTP (refused, reset, DNS, TLS).
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500,
        HttpRequestException or IOException or SocketException or TimeoutException or AuthenticationException => true,
        // The SDK's network timeout on a hung connection; a caller's own cancellation never reaches an answer.
        OperationCanceledException => true,
        _ => false,
    };
}
