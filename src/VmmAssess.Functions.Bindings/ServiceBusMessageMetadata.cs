using System.Globalization;
using System.Text.Json;

namespace VmmAssess.Functions.Bindings;

/// <summary>
/// The trigger metadata of one Service Bus message as the Functions host hands it to the worker
/// (<c>FunctionContext.BindingContext.BindingData</c>). The host sends strings as they are and every other value
/// as JSON text: <c>DeliveryCount</c> is <c>"2"</c>, <c>EnqueuedTime</c> is a quoted ISO timestamp and
/// <c>ApplicationProperties</c> is a JSON object. Missing keys are simply absent.
/// </summary>
public sealed record ServiceBusMessageMetadata
{
    public string? MessageId { get; init; }

    public string? ContentType { get; init; }

    public string? CorrelationId { get; init; }

    public string? Subject { get; init; }

    public int DeliveryCount { get; init; }

    public long SequenceNumber { get; init; }

    public DateTimeOffset? EnqueuedTime { get; init; }

    public IReadOnlyDictionary<string, string> ApplicationProperties { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the metadata from the binding data; unknown or malformed values are left at their defaults.</summary>
    public static ServiceBusMessageMetadata FromBindingData(IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        return new ServiceBusMessageMetadata
        {
            MessageId = Text(bindingData, "MessageId"),
            ContentType = Text(bindingData, "ContentType"),
            CorrelationId = Text(bindingData, "CorrelationId"),
            Subject = Text(bindingData, "Subject"),
            DeliveryCount = int.TryParse(Text(bindingData, "DeliveryCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0,
            SequenceNumber = long.TryParse(Text(bindingData, "SequenceNumber"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0,
            EnqueuedTime = Timestamp(Text(bindingData, "EnqueuedTime")) ?? Timestamp(Text(bindingData, "EnqueuedTimeUtc"), assumeUtc: true),
            ApplicationProperties = Properties(Text(bindingData, "ApplicationProperties") ?? Text(bindingData, "UserProperties")),
        };
    }

    private static string? Text(IReadOnlyDictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var value) ? value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        } : null;

    private static DateTimeOffset? Timestamp(string? text, bool assumeUtc = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var unquoted = text.Trim().Trim('"');
        var styles = assumeUtc ? DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal : DateTimeStyles.None;
        return DateTimeOffset.TryParse(unquoted, CultureInfo.InvariantCulture, styles, out var value) ? value : null;
    }

    private static Dictionary<string, string> Properties(string? json)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? ""
                    : property.Value.GetRawText();
            }
        }
        catch (JsonException)
        {
            // Metadata we cannot read is treated as absent; the body decides what the message is.
        }

        return result;
    }
}
