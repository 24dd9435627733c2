using System.Globalization;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Notifications;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Notifications;

public enum NotificationStatus
{
    /// <summary>An event was turned into one delivery per matching subscription (possibly none).</summary>
    FannedOut,

    Delivered,

    /// <summary>The attempt failed and the next one is scheduled.</summary>
    RetryScheduled,

    /// <summary>The subscription was deleted since; nothing was sent.</summary>
    SubscriptionGone,

    /// <summary>Not a message this queue carries; completed and logged.</summary>
    Ignored,
}

public sealed record NotificationOutcome(NotificationStatus Status, string? EventId, string? SubscriptionId, int Attempt, int Deliveries);

/// <summary>The last attempt of a delivery failed: thrown so the message is abandoned and dead-lettered.</summary>
public sealed class DeliveryExhaustedException(string message) : Exception(message);

/// <summary>
/// The notification queue's work. An <c>event</c> message fans out into one <c>delivery</c> message per matching
/// subscription. A <c>delivery</c> posts the signed event; a failure (no 2xx, a timeout, a refused address) schedules
/// the next attempt after <see cref="RetryDelay"/> (exponential, 1 minute doubling to at most 8 hours: 12 attempts over
/// about 24.5 hours), and the last failure throws, so the message is dead-lettered. Every attempt is recorded on the
/// subscription's delivery log. The <c>webhook-id</c> is the event id in every attempt, so receivers deduplicate.
/// </summary>
public sealed partial class DeliverNotifications(SubscriptionRows rows, NotificationQueueClient queue, WebhookClient webhooks, TimeProvider time, ILogger<DeliverNotifications> logger)
{
    public const int MaxAttempts = 12;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(8);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): 1, 2, 4 … minutes, at most 8 hours.</summary>
    public static TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Clamp(attempt, 1, 30) - 1), MaxDelay.TotalMinutes));

    public async Task<NotificationOutcome> ExecuteAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var props = metadata.ApplicationProperties;
        var kind = props.GetValueOrDefault(NotificationQueueClient.KindProperty);
        var eventId = props.GetValueOrDefault(NotificationQueueClient.EventIdProperty);
        var eventType = props.GetValueOrDefault(NotificationQueueClient.EventTypeProperty);
        if (eventId is null || eventType is null)
        {
            LogIgnored(logger, metadata.MessageId, kind);
            return new NotificationOutcome(NotificationStatus.Ignored, eventId, null, 0, 0);
        }

        if (kind == NotificationQueueClient.EventKind && TenantId.TryParse(props.GetValueOrDefault(NotificationQueueClient.TenantIdProperty), out var tenant))
        {
            var matching = (await rows.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.Matches(eventType, tenant)).Select(s => s.Id).ToArray();
            if (matching.Length > 0)
            {
                await queue.SendDeliveriesAsync(eventId, eventType, body, matching, cancellationToken).ConfigureAwait(false);
            }

            return new NotificationOutcome(NotificationStatus.FannedOut, eventId, null, 0, matching.Length);
        }

        if (kind != NotificationQueueClient.DeliveryKind
            || props.GetValueOrDefault(NotificationQueueClient.SubscriptionIdProperty) is not { } subscriptionId
            || !int.TryParse(props.GetValueOrDefault(NotificationQueueClient.AttemptProperty), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
            || attempt is < 1 or > MaxAttempts)
        {
            LogIgnored(logger, metadata.MessageId, kind);
            return new NotificationOutcome(NotificationStatus.Ignored, eventId, null, 0, 0);
        }

        if (attempt == MaxAttempts && metadata.DeliveryCount > 1)
        {
            // The last attempt was made (and recorded) by the first delivery of this message: do not call again, let it
            // reach the dead-letter queue.
            throw new DeliveryExhaustedException($"Event {eventId} to subscription {subscriptionId}: all {MaxAttempts} attempts failed.");
        }

        if (await rows.FindSigningKeyAsync(subscriptionId, cancellationToken).ConfigureAwait(false) is not var (subscription, key))
        {
            return new NotificationOutcome(NotificationStatus.SubscriptionGone, eventId, subscriptionId, attempt, 0);
        }

        var at = time.GetUtcNow();
        var response = await webhooks.PostAsync(subscription.Endpoint, key, eventId, body, cancellationToken).ConfigureAwait(false);
        if (response.Delivered)
        {
            await rows.RecordAttemptAsync(subscriptionId, new DeliveryAttempt(eventId, eventType, attempt, at, response.StatusCode, DeliveryOutcome.Delivered, null, response.DurationMs, null), cancellationToken).ConfigureAwait(false);
            return new NotificationOutcome(NotificationStatus.Delivered, eventId, subscriptionId, attempt, 1);
        }

        LogAttemptFailed(logger, eventId, subscriptionId, attempt, response.StatusCode, response.Error);
        if (attempt == MaxAttempts)
        {
            await rows.RecordAttemptAsync(subscriptionId, new DeliveryAttempt(eventId, eventType, attempt, at, response.StatusCode, DeliveryOutcome.DeadLettered, response.Error, response.DurationMs, null), cancellationToken).ConfigureAwait(false);
            throw new DeliveryExhaustedException($"Event {eventId} to subscription {subscriptionId}: all {MaxAttempts} attempts failed (last: {response.Error}).");
        }

        // Scheduled first, recorded second: a failure between the two redelivers this message, and the queue's duplicate
        // detection drops the second copy of the next attempt (same message id).
        var next = time.GetUtcNow() + RetryDelay(attempt);
        await queue.ScheduleDeliveryAsync(eventId, eventType, body, subscriptionId, attempt + 1, next, cancellationToken).ConfigureAwait(false);
        await rows.RecordAttemptAsync(subscriptionId, new DeliveryAttempt(eventId, eventType, attempt, at, response.StatusCode, DeliveryOutcome.RetryScheduled, response.Error, response.DurationMs, next), cancellationToken).ConfigureAwait(false);
        return new NotificationOutcome(NotificationStatus.RetryScheduled, eventId, subscriptionId, attempt, 1);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Notification message {MessageId} (kind {Kind}) is not one this queue carries; completed")]
    private static partial void LogIgnored(ILogger logger, string? messageId, string? kind);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Delivery of event {EventId} to subscription {SubscriptionId} failed (attempt {Attempt}, status {StatusCode}: {Error})")]
    private static partial void LogAttemptFailed(ILogger logger, string eventId, string subscriptionId, int attempt, int? statusCode, string? error);
}
