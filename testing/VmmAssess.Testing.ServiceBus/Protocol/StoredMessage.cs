using Amqp;
using Amqp.Framing;

namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>
/// One message held by a queue. The message is kept as encoded bytes, because AMQPNetLite's decoded data
/// sections point into the delivery buffer, which is recycled once the transfer is settled; every delivery
/// and peek decodes a fresh copy and adds the broker annotations to it.
/// </summary>
internal sealed class StoredMessage(byte[] encoded, long sequenceNumber, DateTimeOffset enqueuedTime)
{
    public byte[] Encoded { get; set; } = encoded;

    public long SequenceNumber { get; } = sequenceNumber;

    public DateTimeOffset EnqueuedTime { get; set; } = enqueuedTime;

    /// <summary>Deliveries so far. The AMQP header carries the count of <em>prior</em> deliveries; the client adds one.</summary>
    public int DeliveryCount { get; set; }

    public ServiceBusTestMessageState State { get; set; }

    /// <summary>Set once a receiver deferred the message: from then on it returns to the deferred set, not to the queue.</summary>
    public bool IsDeferred { get; set; }

    public DateTimeOffset? ScheduledEnqueueTime { get; set; }

    public Guid LockToken { get; set; }

    public DateTimeOffset LockedUntil { get; set; }

    public Message Decode() => AmqpMessages.Decode(Encoded);

    /// <summary>Decodes the message and adds what the broker reports about it.</summary>
    /// <param name="headerDeliveryCount">The value for the header's delivery-count.</param>
    public Message DecodeForDelivery(int headerDeliveryCount)
    {
        var message = Decode();
        message.Header ??= new Header();
        message.Header.DeliveryCount = (uint)headerDeliveryCount;
        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[AmqpNames.SequenceNumber] = SequenceNumber;
        message.MessageAnnotations[AmqpNames.EnqueuedTime] = EnqueuedTime.UtcDateTime;
        return message;
    }

    /// <summary>Rewrites the application properties: each entry of <paramref name="properties"/> is set (keys are converted to strings).</summary>
    public void SetApplicationProperties(IEnumerable<KeyValuePair<object, object>>? properties, string? deadLetterSource = null)
    {
        var message = Decode();
        if (properties is not null)
        {
            foreach (var (key, value) in properties)
            {
                message.ApplicationProperties ??= new ApplicationProperties();
                message.ApplicationProperties[key.ToString()!] = value;
            }
        }

        if (deadLetterSource is not null)
        {
            message.MessageAnnotations ??= new MessageAnnotations();
            message.MessageAnnotations[AmqpNames.DeadLetterSource] = deadLetterSource;
        }

        Encoded = AmqpMessages.Encode(message);
    }

    public ServiceBusTestMessage ToTestMessage()
    {
        var message = Decode();
        var properties = message.Properties;
        var applicationProperties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (message.ApplicationProperties is not null)
        {
            foreach (var (key, value) in message.ApplicationProperties.Map)
            {
                applicationProperties[key.ToString()!] = value;
            }
        }

        var (body, bodyValue) = message.BodySection switch
        {
            Data data => (new ReadOnlyMemory<byte>(data.Binary), null),
            DataList list => (Concatenate(list), null),
            AmqpValue value => (ReadOnlyMemory<byte>.Empty, value.Value),
            AmqpSequence sequence => (ReadOnlyMemory<byte>.Empty, (object?)sequence.List),
            _ => (ReadOnlyMemory<byte>.Empty, null),
        };

        return new ServiceBusTestMessage(
            SequenceNumber,
            State,
            DeliveryCount,
            EnqueuedTime,
            ScheduledEnqueueTime,
            properties?.GetMessageId()?.ToString(),
            properties?.GetCorrelationId()?.ToString(),
            properties?.GroupId,
            properties?.ContentType,
            properties?.Subject,
            properties?.To,
            properties?.ReplyTo,
            applicationProperties,
            body,
            bodyValue,
            message.MessageAnnotations?[AmqpNames.DeadLetterSource] as string);
    }

    private static ReadOnlyMemory<byte> Concatenate(DataList list)
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < list.Count; i++)
        {
            stream.Write(list[i].Binary);
        }

        return stream.ToArray();
    }
}

internal static class AmqpMessages
{
    public static Message Decode(byte[] encoded) => Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length));

    public static byte[] Encode(Message message) => ToArray(message.Encode());

    public static byte[] ToArray(ByteBuffer buffer) => buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
}
