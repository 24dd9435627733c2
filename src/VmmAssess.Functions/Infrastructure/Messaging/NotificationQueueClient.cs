using Azure.Messaging.ServiceBus;

namespace VmmAssess.Functions.Infrastructure.Messaging;

/// <summary>
/// The notification queue (<c>NotificationQueueName</c>). Two kinds of message share it, told apart by the application
/// property <see cref="KindProperty"/>: an <c>event</c> (one per published event, id = the event id, so the queue's
/// duplicate detection drops a republished one), which the trigger fans out into one <c>delivery</c> per matching
/// subscription (id <c>{eventId}|{subscriptionId}|{attempt}</c>; a retry is the next attempt, scheduled). The body of
/// both is the CloudEvent exactly as it is posted and signed.
/// </summary>
public sealed class NotificationQueueClient : IAsyncDisposable
{
    public const string KindProperty = "notificationKind";
    public const string EventKind = "event";
    public const string DeliveryKind = "delivery";
    public const string EventTypeProperty = "eventType";
    public const string TenantIdProperty = "tenantId";
    public const string EventIdProperty = "eventId";
    public const string SubscriptionIdProperty = "subscriptionId";
    public const string AttemptProperty = "attempt";
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    private readonly ServiceBusSender sender;

    public NotificationQueueClient(ServiceBusClient client, IOptions<QueueOptions> queue)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(queue);
        QueueName = queue.Value.NotificationQueueName;
        sender = client.CreateSender(QueueName);
    }

    public string QueueName { get; }

    public Task SendEventAsync(string eventId, string eventType, TenantId tenant, ReadOnlyMemory<byte> cloudEvent, CancellationToken cancellationToken)
    {
        var message = new ServiceBusMessage(cloudEvent) { MessageId = eventId, ContentType = ContentType, Subject = eventType };
        message.ApplicationProperties[KindProperty] = EventKind;
        message.ApplicationProperties[EventTypeProperty] = eventType;
        message.ApplicationProperties[EventIdProperty] = eventId;
        message.ApplicationProperties[TenantIdProperty] = tenant.Value;
        return sender.SendMessageAsync(message, cancellationToken);
    }

    /// <summary>The first attempt of one event to each subscription, in as few batches as fit.</summary>
    public async Task SendDeliveriesAsync(string eventId, string eventType, ReadOnlyMemory<byte> cloudEvent, IReadOnlyList<string> subscriptionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptionIds);
        var pending = new Queue<ServiceBusMessage>(subscriptionIds.Select(id => Delivery(eventId, eventType, cloudEvent, id, 1)));
        while (pending.Count > 0)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            while (pending.Count > 0 && batch.TryAddMessage(pending.Peek()))
            {
                pending.Dequeue();
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException("A notification does not fit an empty batch.");
            }

            await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Attempt <paramref name="attempt"/>, enqueued at <paramref name="at"/> (a scheduled message).</summary>
    public Task ScheduleDeliveryAsync(string eventId, string eventType, ReadOnlyMemory<byte> cloudEvent, string subscriptionId, int attempt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var message = Delivery(eventId, eventType, cloudEvent, subscriptionId, attempt);
        message.ScheduledEnqueueTime = at;
        return sender.SendMessageAsync(message, cancellationToken);
    }

    public ValueTask DisposeAsync() => sender.DisposeAsync();

    private static ServiceBusMessage Delivery(string eventId, string eventType, ReadOnlyMemory<byte> cloudEvent, string subscriptionId, int attempt)
    {
        var message = new ServiceBusMessage(cloudEvent)
        {
            MessageId = $"{eventId}|{subscriptionId}|{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ContentType = ContentType,
            Subject = eventType,
        };
        message.ApplicationProperties[KindProperty] = DeliveryKind;
        message.ApplicationProperties[EventTypeProperty] = eventType;
        message.ApplicationProperties[EventIdProperty] = eventId;
        message.ApplicationProperties[SubscriptionIdProperty] = subscriptionId;
        message.ApplicationProperties[AttemptProperty] = attempt;
        return message;
    }
}
