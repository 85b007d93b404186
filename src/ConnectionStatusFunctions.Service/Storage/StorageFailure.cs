using System.Net.Sockets;
using System.Security.Authentication;
using Azure;
using Azure.Identity;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Tells a storage failure (refused, reset, timed out, DNS, TLS, a 5xx from storage, or storage
/// refusing the app's credentials) from anything else. Such a failure says nothing about the
/// request or the message, only that storage cannot be used now: HTTP routes answer it with 503
/// and Retry-After, the queue listeners wait for storage instead of counting it against a message.
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
        _ when IsCredentialRefused(exception) => true,
        // Status 0 is the SDK's wrapping of a failure below HTTP (refused, reset, DNS, TLS).
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500,
        HttpRequestException or IOException or SocketException or TimeoutException or AuthenticationException => true,
        // The SDK's network timeout on a hung connection; a caller's own cancellation never reaches an answer.
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>
    /// Storage refused the app's credentials: 401 or 403 (AuthenticationFailed for a rotated account
    /// key or an expired SAS, AuthorizationPermissionMismatch for an identity without its role), or
    /// the managed identity's token could not be had. No request of the app's own is refused for
    /// what it asks, only for who asks, so nothing works until an operator fixes the credentials;
    /// to a caller that is storage being unavailable, and a queued message is not at fault either.
    /// </summary>
    public static bool IsCredentialRefused(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCredentialRefused),
        RequestFailedException { Status: 401 or 403 } => true,
        AuthenticationFailedException or CredentialUnavailableException => true,
        _ => false,
    };
}
