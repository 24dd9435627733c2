using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>Trigger metadata as the Functions host's Service Bus extension sends it: strings as they are, everything
/// else as JSON text (DeliveryCount "1", EnqueuedTimeUtc a quoted timestamp without offset, ApplicationProperties an object).</summary>
internal static class TriggerData
{
    public static Dictionary<string, object?> From(ServiceBusReceivedMessage message) =>
        For(message.MessageId, message.ContentType, message.ApplicationProperties.ToDictionary(p => p.Key, p => p.Value), message.EnqueuedTime, message.DeliveryCount, message.SequenceNumber);

    public static Dictionary<string, object?> For(
        string? messageId,
        string? contentType = null,
        IReadOnlyDictionary<string, object>? properties = null,
        DateTimeOffset? enqueuedTime = null,
        int deliveryCount = 1,
        long sequenceNumber = 1)
    {
        var enqueued = enqueuedTime ?? DateTimeOffset.UtcNow;
        var props = new JsonObject();
        foreach (var (key, value) in properties ?? new Dictionary<string, object>())
        {
            props[key] = JsonValue.Create(value?.ToString());
        }

        var data = new Dictionary<string, object?>
        {
            ["DeliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture),
            ["SequenceNumber"] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["EnqueuedTimeUtc"] = JsonSerializer.Serialize(enqueued.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture)),
            ["EnqueuedTime"] = JsonSerializer.Serialize(enqueued),
            ["ApplicationProperties"] = props.ToJsonString(),
            ["UserProperties"] = props.ToJsonString(),
        };
        if (messageId is not null)
        {
            data["MessageId"] = messageId;
        }

        if (contentType is not null)
        {
            data["ContentType"] = contentType;
        }

        return data;
    }
}
