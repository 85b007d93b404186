namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>A receiver's address the service will not call (<see cref="WebhookAddressGuard"/>).</summary>
public sealed class WebhookAddressRefusedException(string reason) : Exception(reason);
