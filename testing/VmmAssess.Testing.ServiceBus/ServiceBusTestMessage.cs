using System.Text;

namespace VmmAssess.Testing.ServiceBus;

/// <summary>Where a message stored by the test host currently is.</summary>
public enum ServiceBusTestMessageState
{
    /// <summary>Waiting to be delivered.</summary>
    Available,

    /// <summary>Delivered in peek-lock mode and not settled yet.</summary>
    Locked,

    /// <summary>Deferred by a receiver: it can only be received by its sequence number.</summary>
    Deferred,

    /// <summary>Sent with a scheduled enqueue time that has not come yet.</summary>
    Scheduled,
}

/// <summary>
/// A decoded copy of a message stored by <see cref="ServiceBusTestHost"/>, taken by
/// <see cref="ServiceBusTestQueue.Snapshot"/> without receiving (and so without locking or consuming) it.
/// </summary>
public sealed class ServiceBusTestMessage
{
    internal ServiceBusTestMessage(
        long sequenceNumber,
        ServiceBusTestMessageState state,
        int deliveryCount,
        DateTimeOffset enqueuedTime,
        DateTimeOffset? scheduledEnqueueTime,
        string? messageId,
        string? correlationId,
        string? sessionId,
        string? contentType,
        string? subject,
        string? to,
        string? replyTo,
        IReadOnlyDictionary<string, object?> applicationProperties,
        ReadOnlyMemory<byte> body,
        object? bodyValue,
        string? deadLetterSource)
    {
        SequenceNumber = sequenceNumber;
        State = state;
        DeliveryCount = deliveryCount;
        EnqueuedTime = enqueuedTime;
        ScheduledEnqueueTime = scheduledEnqueueTime;
        MessageId = messageId;
        CorrelationId = correlationId;
        SessionId = sessionId;
        ContentType = contentType;
        Subject = subject;
        To = to;
        ReplyTo = replyTo;
        ApplicationProperties = applicationProperties;
        Body = body;
        BodyValue = bodyValue;
        DeadLetterSource = deadLetterSource;
    }

    /// <summary>The sequence number the host assigned (per queue, from 1; a dead-lettered message keeps its number).</summary>
    public long SequenceNumber { get; }

    /// <summary>Whether the message is available, locked, deferred or scheduled.</summary>
    public ServiceBusTestMessageState State { get; }

    /// <summary>How many times the message has been delivered so far (what a peek reports).</summary>
    public int DeliveryCount { get; }

    /// <summary>When the host accepted the message (or, for a scheduled message, when it became available).</summary>
    public DateTimeOffset EnqueuedTime { get; }

    /// <summary>The scheduled enqueue time the sender set, if any.</summary>
    public DateTimeOffset? ScheduledEnqueueTime { get; }

    /// <summary>The MessageId. The host assigns one (a GUID in "N" format) when the sender set none, like Service Bus.</summary>
    public string? MessageId { get; }

    /// <summary>The CorrelationId.</summary>
    public string? CorrelationId { get; }

    /// <summary>The SessionId (AMQP group-id). Sessions are not supported by the host; the value is only stored.</summary>
    public string? SessionId { get; }

    /// <summary>The ContentType.</summary>
    public string? ContentType { get; }

    /// <summary>The Subject (formerly Label).</summary>
    public string? Subject { get; }

    /// <summary>The To property.</summary>
    public string? To { get; }

    /// <summary>The ReplyTo property.</summary>
    public string? ReplyTo { get; }

    /// <summary>
    /// The application properties, as decoded by AMQPNetLite: string, bool, int, long, double, DateTime (UTC),
    /// Guid and byte[] values keep their CLR types; Service Bus' vendor types (DateTimeOffset, TimeSpan, Uri)
    /// arrive as <c>Amqp.Types.DescribedValue</c>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ApplicationProperties { get; }

    /// <summary>The body bytes: the concatenated AMQP data sections, which is what <c>ServiceBusMessage.Body</c> holds. Empty for a value body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The decoded value of an AMQP value or sequence body (sent through <c>AmqpAnnotatedMessage</c>); null for a data body.</summary>
    public object? BodyValue { get; }

    /// <summary>The <c>DeadLetterReason</c> application property, set when the message was dead-lettered.</summary>
    public string? DeadLetterReason => ApplicationProperties.TryGetValue("DeadLetterReason", out var value) ? value as string : null;

    /// <summary>The <c>DeadLetterErrorDescription</c> application property, set when the message was dead-lettered.</summary>
    public string? DeadLetterErrorDescription => ApplicationProperties.TryGetValue("DeadLetterErrorDescription", out var value) ? value as string : null;

    /// <summary>The queue the message was dead-lettered from (null outside a dead-letter queue).</summary>
    public string? DeadLetterSource { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string GetBodyAsString() => Encoding.UTF8.GetString(Body.Span);

    /// <inheritdoc />
    public override string ToString() => $"#{SequenceNumber} {State} MessageId={MessageId} DeliveryCount={DeliveryCount} Body={Body.Length} bytes";
}
