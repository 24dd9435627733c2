using VmmAssess.Functions.Application.Notifications;

namespace VmmAssess.Functions.Api.Contracts;

/// <summary>A new subscription: the HTTPS endpoint, the event types, and the tenant (absent: the whole portfolio).</summary>
public sealed record SubscriptionRequest(string? Endpoint, IReadOnlyList<string>? EventTypes, string? TenantId, string? Description);

/// <summary>One delivery attempt as the subscription shows it.</summary>
public sealed record DeliveryResponse(string EventId, string EventType, int Attempt, DateTimeOffset At, int? StatusCode, DeliveryOutcome Outcome, string? Error, int DurationMs, DateTimeOffset? NextAttemptAt)
{
    public static DeliveryResponse From(DeliveryAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.EventId, a.EventType, a.Attempt, a.At, a.StatusCode, a.Outcome, a.Error, a.DurationMs, a.NextAttemptAt);
    }
}

/// <summary>A subscription as listed (never its secret); <c>lastDeliveries</c> only when one subscription is read.
/// <c>scope</c> is <c>tenant</c> or <c>portfolio</c>.</summary>
public sealed record SubscriptionResponse(
    string SubscriptionId, string Endpoint, IReadOnlyList<string> EventTypes, string Scope, string? TenantId, string? Description, DateTimeOffset CreatedAt, string CreatedBy,
    IReadOnlyList<DeliveryResponse>? LastDeliveries)
{
    public static SubscriptionResponse From(Subscription s, IReadOnlyList<DeliveryAttempt>? deliveries = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Endpoint.AbsoluteUri, s.EventTypes, s.TenantId is null ? "portfolio" : "tenant", s.TenantId?.Value, s.Description, s.CreatedAt, s.CreatedBy,
            deliveries?.Select(DeliveryResponse.From).ToArray());
    }
}

/// <summary>The create answer: the subscription and its signing secret, shown this once.</summary>
public sealed record CreatedSubscriptionResponse(
    string SubscriptionId, string Secret, string Endpoint, IReadOnlyList<string> EventTypes, string Scope, string? TenantId, string? Description, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static CreatedSubscriptionResponse From(CreatedSubscription created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var r = SubscriptionResponse.From(created.Subscription);
        return new(r.SubscriptionId, created.Secret, r.Endpoint, r.EventTypes, r.Scope, r.TenantId, r.Description, r.CreatedAt, r.CreatedBy);
    }
}

public sealed record SubscriptionListResponse(IReadOnlyList<SubscriptionResponse> Subscriptions);

/// <summary>What the test call did: <c>delivered</c> is true for a 2xx answer.</summary>
public sealed record PingResponse(string SubscriptionId, string EventId, bool Delivered, int? StatusCode, string? Error, int DurationMs)
{
    public static PingResponse From(PingResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.SubscriptionId, p.EventId, p.Delivered, p.StatusCode, p.Error, p.DurationMs);
    }
}
