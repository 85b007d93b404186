using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// A tenant's webhook subscriptions: admins and tenant admins create and delete them, support reads
/// them too. The signing secret is in the creation's answer only; no other answer, row or log holds it.
/// </summary>
public sealed partial class WebhooksApi(WebhookStore store, IWebhookSecrets secrets, WebhookAddressGuard guard, Storage.TenantStore tenants, TimeProvider time, ILogger<WebhooksApi> logger)
{
    public const string SubscriptionIdPattern = "^[0-9a-f]{32}$";
    public const int MaxUrlLength = 512;

    public async Task<Results<Created<CreatedWebhook>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpRequest request, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        var input = await RequestBinding.ReadJsonAsync<CreateWebhookInput>(request, errors, "webhook subscription", "webhook subscription", RequestBudget.CallerAborted(request.HttpContext));
        var url = input is null ? null : ReadUrl(input.Url, errors);
        var eventTypes = ReadEventTypes(input?.EventTypes, errors);
        var channels = ReadChannels(input?.Channels, errors);
        if (errors.Count > 0 || url is null)
        {
            return Invalid(errors);
        }

        if (await tenants.RegistrationOfAsync(tenantId, cancellationToken) == Storage.TenantRegistration.Deleted)
        {
            // Its deletion job removes every subscription; one made meanwhile would outlive it into a tenant created again.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "Tenant deleted.",
                detail: $"Tenant '{tenantId}' is deleted or being deleted; no webhook subscription can be made for it. Once its deletion is done, a report observed more than StatusPolicy:MaxClockSkew after it creates the tenant again.");
        }

        if ((await store.ListAsync(tenantId, cancellationToken)).Count >= WebhookStore.MaxSubscriptionsPerTenant)
        {
            return TooMany();
        }

        try
        {
            await guard.ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (WebhookAddressRefusedException refused)
        {
            return Invalid(new Dictionary<string, string[]> { ["url"] = [$"url is refused: {refused.Message}."] });
        }

        var subscriptionId = Guid.NewGuid().ToString("N");
        var secret = WebhookSecret.Create();
        string reference;
        try
        {
            reference = await secrets.StoreAsync(tenantId, subscriptionId, secret, cancellationToken);
        }
        catch (WebhooksNotConfiguredException)
        {
            logger.LogError("A webhook subscription was refused: {Explanation}", UnconfiguredWebhookSecrets.Explanation);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Webhooks are not configured.", detail: UnconfiguredWebhookSecrets.Explanation);
        }

        var view = new WebhookSubscriptionView(subscriptionId, tenantId, url.AbsoluteUri, eventTypes, channels, WebhookState.Active, time.GetUtcNow(), 0, null, null, null, null);
        bool added;
        try
        {
            added = await store.AddAsync(new WebhookSubscription(view, reference, default), cancellationToken);
        }
        catch (Exception failure)
        {
            // The write may have been committed and only its answer lost: a subscription that exists keeps its
            // secret and is answered as created; one certainly not written has its secret removed, since no row
            // names it and nothing would ever delete it; when storage cannot tell, the secret is kept and named in the log.
            switch (NeverSent(failure) ? false : await WasWrittenAsync(tenantId, subscriptionId))
            {
                case true:
                    logger.LogWarning("Webhook subscription {SubscriptionId} of tenant {TenantId} was written though its write failed ({Failure}): answered as created", subscriptionId, tenantId, failure.GetType().Name);
                    added = true;
                    break;
                case false:
                    await ForgetSecretAsync(tenantId, subscriptionId, reference);
                    throw;
                default:
                    logger.LogWarning("Webhook subscription {SubscriptionId} of tenant {TenantId} may not have been written; its secret is kept: if no subscription {SubscriptionId} exists, delete the secret by hand (docs/webhooks.md, \"The secret\")", subscriptionId, tenantId, subscriptionId);
                    throw;
            }
        }

        if (!added)
        {
            // Creations side by side took the last slots after the count above.
            await ForgetSecretAsync(tenantId, subscriptionId, reference);
            return TooMany();
        }

        logger.LogInformation("Webhook subscription {SubscriptionId} created for tenant {TenantId}", subscriptionId, tenantId);
        return TypedResults.Created($"/{StatusRoutes.Prefix}/tenants/{Uri.EscapeDataString(tenantId)}/webhooks/{subscriptionId}", new CreatedWebhook(view, secret));
    }

    public async Task<Results<Ok<WebhookList>, ValidationProblem>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var subscriptions = await store.ListAsync(tenantId, cancellationToken);
        return TypedResults.Ok(new WebhookList([.. subscriptions.Select(s => s.View)]));
    }

    public async Task<Results<Ok<WebhookSubscriptionView>, ValidationProblem, ProblemHttpResult>> GetAsync(string tenantId, string subscriptionId, CancellationToken cancellationToken)
    {
        if (IdErrors(tenantId, subscriptionId) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var subscription = await store.GetAsync(tenantId, subscriptionId, cancellationToken);
        return subscription is null ? NotFound(tenantId, subscriptionId) : TypedResults.Ok(subscription.View);
    }

    /// <summary>204 when it removed the subscription, 404 when there is none (a second delete included), as a read of it would answer.</summary>
    public async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(string tenantId, string subscriptionId, CancellationToken cancellationToken)
    {
        if (IdErrors(tenantId, subscriptionId) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var subscription = await store.GetAsync(tenantId, subscriptionId, cancellationToken);
        if (subscription is null || !await store.DeleteAsync(subscription, cancellationToken))
        {
            return NotFound(tenantId, subscriptionId);
        }

        // The row first: a secret left behind by a failure here is unused, never a row without its secret.
        await secrets.DeleteAsync(tenantId, subscriptionId, subscription.SecretReference, cancellationToken);
        await store.DropPendingAsync(tenantId, subscriptionId, cancellationToken);
        logger.LogInformation("Webhook subscription {SubscriptionId} of tenant {TenantId} deleted", subscriptionId, tenantId);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TooMany() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Too many webhook subscriptions.",
        detail: $"The tenant has {WebhookStore.MaxSubscriptionsPerTenant} webhook subscriptions, the most it may have; delete one first.");

    /// <summary>
    /// Whether the failure proves the write was not committed: storage answered it with an error (a
    /// transaction is all or nothing), or the connection was refused before anything was sent.
    /// </summary>
    private static bool NeverSent(Exception failure)
    {
        if (failure is Azure.RequestFailedException { Status: > 0 })
        {
            return true;
        }

        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the subscription's row exists; null when storage cannot say.</summary>
    private async Task<bool?> WasWrittenAsync(string tenantId, string subscriptionId)
    {
        try
        {
            return await store.GetAsync(tenantId, subscriptionId, CancellationToken.None) is not null;
        }
        catch (Exception)
        {
            // Whatever the failure (the SDK's retries end in an AggregateException), storage did not say.
            return null;
        }
    }

    private async Task ForgetSecretAsync(string tenantId, string subscriptionId, string reference)
    {
        try
        {
            await secrets.DeleteAsync(tenantId, subscriptionId, reference, CancellationToken.None);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // Never the reference itself: in Development it is the ciphertext, under a published key.
            logger.LogWarning(e, "The secret of webhook subscription {SubscriptionId} of tenant {TenantId}, whose row was not written, could not be deleted: delete it by hand (docs/webhooks.md, \"The secret\")", subscriptionId, tenantId);
        }
    }

    private static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The webhook subscription is invalid.");

    private static ProblemHttpResult NotFound(string tenantId, string subscriptionId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Webhook subscription not found.",
        detail: $"Tenant '{tenantId}' has no webhook subscription '{subscriptionId}'.");

    private static Dictionary<string, string[]>? IdErrors(string tenantId, string subscriptionId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Identifier.AddErrors(errors, tenantId);
        if (!SubscriptionId().IsMatch(subscriptionId))
        {
            errors["subscriptionId"] = ["subscriptionId must be 32 lower-case hex digits, as the subscription's creation answered."];
        }

        return errors.Count > 0 ? errors : null;
    }

    /// <summary>The receiver's URL when it may be called at all (the address check comes later); the errors never quote it.</summary>
    private Uri? ReadUrl(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors["url"] = ["url is required."];
        }
        else if (text.Length > MaxUrlLength)
        {
            errors["url"] = [$"url may be at most {MaxUrlLength} characters."];
        }
        else if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.HostNameType is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            errors["url"] = ["url must be an absolute URL with a host name or address."];
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !(guard.AllowsLoopback && url.Scheme == Uri.UriSchemeHttp))
        {
            // The same words in every environment, so that both hosts and every deployment answer alike.
            errors["url"] = ["url must use https (http is allowed in Development only)."];
        }
        else if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            // A credential in the URL would be stored and listed; deliveries are authenticated by their signature.
            errors["url"] = ["url may not hold a user name, password, query or fragment: receivers authenticate deliveries by their signature."];
        }
        else
        {
            return url;
        }

        return null;
    }

    private static string[] ReadEventTypes(IReadOnlyList<string>? types, Dictionary<string, string[]> errors)
    {
        if (types is null)
        {
            return [];
        }

        if (types.Any(t => !WebhookEventTypes.Known.Contains(t, StringComparer.Ordinal)))
        {
            errors["eventTypes"] = [$"eventTypes may name only {string.Join(", ", WebhookEventTypes.Known.Select(t => $"'{t}'"))}."];
            return [];
        }

        return [.. types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static Channel[] ReadChannels(IReadOnlyList<string>? names, Dictionary<string, string[]> errors)
    {
        if (names is null)
        {
            return [];
        }

        var channels = new List<Channel>();
        foreach (var name in names)
        {
            if (!WireName.TryParse<Channel>(name, out var channel))
            {
                errors["channels"] = [$"channels may name only {WireName.AllowedValues<Channel>()}."];
                return [];
            }

            channels.Add(channel);
        }

        return [.. channels.Distinct().Order()];
    }

    [GeneratedRegex(SubscriptionIdPattern)]
    private static partial Regex SubscriptionId();
}
