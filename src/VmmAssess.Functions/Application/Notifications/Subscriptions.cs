using System.Security.Cryptography;
using VmmAssess.Functions.Infrastructure.Notifications;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Notifications;

/// <summary>A new subscription and its signing secret (<c>whsec_…</c>): the only time the secret is shown.</summary>
public sealed record CreatedSubscription(Subscription Subscription, string Secret);

/// <summary>A subscription and its newest delivery attempts.</summary>
public sealed record SubscriptionDetails(Subscription Subscription, IReadOnlyList<DeliveryAttempt> LastDeliveries);

/// <summary>The answer of a test call: the event sent and what the endpoint did with it.</summary>
public sealed record PingResult(string SubscriptionId, string EventId, bool Delivered, int? StatusCode, string? Error, int DurationMs);

/// <summary>
/// Operators' webhook subscriptions (docs/notifications.md): create (the endpoint is checked, the secret made here and
/// shown once), list, get with the last deliveries, delete, and a test call. The endpoint must be HTTPS and resolve
/// only to public addresses (SSRF), unless <c>Notifications__AllowPrivateEndpoints</c> (development) is set.
/// </summary>
public sealed class Subscriptions(SubscriptionRows rows, WebhookClient webhooks, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const int MaxEndpointLength = 2048;
    public const int MaxDescriptionLength = 256;
    public const int LastDeliveriesShown = 20;

    public async Task<CreatedSubscription> CreateAsync(string? endpoint, IReadOnlyList<string>? eventTypes, TenantId? tenant, string? description, string createdBy, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var uri = ParseEndpoint(endpoint, errors);
        var types = (eventTypes ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (types.Length == 0)
        {
            errors.Add(new ValidationError("$.eventTypes", $"must list at least one of {string.Join(", ", NotificationEventTypes.Subscribable)}"));
        }

        for (var i = 0; i < (eventTypes ?? []).Count; i++)
        {
            if (!NotificationEventTypes.Subscribable.Contains(eventTypes![i], StringComparer.Ordinal))
            {
                errors.Add(new ValidationError($"$.eventTypes[{i}]", $"'{eventTypes[i]}' is not an event type; use one of {string.Join(", ", NotificationEventTypes.Subscribable)}"));
            }
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add(new ValidationError("$.description", $"must be at most {MaxDescriptionLength} characters"));
        }

        if (errors.Count == 0 && await webhooks.CheckHostAsync(uri!, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            errors.Add(new ValidationError("$.endpoint", refused));
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors);
        }

        var key = WebhookSignature.NewSecretKey();
        var subscription = new Subscription(NewId(), uri!, types, tenant, description, time.GetUtcNow(), createdBy);
        await rows.AddAsync(subscription, key, cancellationToken).ConfigureAwait(false);
        var secret = WebhookSignature.SecretText(key);
        CryptographicOperations.ZeroMemory(key);
        return new CreatedSubscription(subscription, secret);
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) => rows.ListAsync(cancellationToken);

    public async Task<SubscriptionDetails> GetAsync(string id, CancellationToken cancellationToken)
    {
        var subscription = await rows.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        return new SubscriptionDetails(subscription, await rows.LastAttemptsAsync(id, LastDeliveriesShown, cancellationToken).ConfigureAwait(false));
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await rows.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw NotFound(id);
        }
    }

    /// <summary>Posts a signed <c>ping</c> event now (not queued, not retried) and records the attempt.</summary>
    public async Task<PingResult> PingAsync(string id, CancellationToken cancellationToken)
    {
        if (await rows.FindSigningKeyAsync(id, cancellationToken).ConfigureAwait(false) is not var (subscription, key))
        {
            throw NotFound(id);
        }

        var now = time.GetUtcNow();
        var e = NotificationEvents.Encode(NotificationEventTypes.Ping, NotificationEvents.NewId(), subscription.TenantId, id, now, options.Value.LinkBase,
            new PingEventData(id, "A test event from VmmAssess: the endpoint and its signature check work."), NotificationEvents.Context.PingEventData);
        var response = await webhooks.PostAsync(subscription.Endpoint, key, e.Id, e.Body, cancellationToken).ConfigureAwait(false);
        await rows.RecordAttemptAsync(id, new DeliveryAttempt(e.Id, e.Type, 1, now, response.StatusCode, response.Delivered ? DeliveryOutcome.Delivered : DeliveryOutcome.Failed,
            response.Error, response.DurationMs, null), cancellationToken).ConfigureAwait(false);
        return new PingResult(id, e.Id, response.Delivered, response.StatusCode, response.Error, response.DurationMs);
    }

    private Uri? ParseEndpoint(string? endpoint, List<ValidationError> errors)
    {
        const string Path = "$.endpoint";
        var allowPrivate = options.Value.AllowPrivateEndpoints;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            errors.Add(new ValidationError(Path, "is required: the HTTPS address events are posted to"));
            return null;
        }

        if (endpoint.Length > MaxEndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            errors.Add(new ValidationError(Path, $"must be an absolute HTTPS URL of at most {MaxEndpointLength} characters"));
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivate && uri.Scheme == Uri.UriSchemeHttp))
        {
            errors.Add(new ValidationError(Path, $"must use HTTPS (got '{uri.Scheme}')"));
            return null;
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add(new ValidationError(Path, "must not carry user information or a fragment (put credentials in the receiver's configuration, not the URL)"));
            return null;
        }

        return uri;
    }

    private static string NewId() => "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static NotFoundException NotFound(string id) => new($"There is no subscription '{id}'.");
}
