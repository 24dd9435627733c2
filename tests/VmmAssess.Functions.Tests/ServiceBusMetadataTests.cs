using VmmAssess.Functions.Bindings;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

public sealed class ServiceBusMetadataTests
{
    [Fact]
    public void Binding_data_in_the_hosts_json_text_form_is_read()
    {
        var enqueued = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var data = TriggerData.For("msg-1", "application/json", new Dictionary<string, object> { ["ContentEncoding"] = "gzip", ["Priority"] = 5 }, enqueued, deliveryCount: 3, sequenceNumber: 42);

        var metadata = ServiceBusMessageMetadata.FromBindingData(data);

        Assert.Equal("msg-1", metadata.MessageId);
        Assert.Equal("application/json", metadata.ContentType);
        Assert.Equal(3, metadata.DeliveryCount);
        Assert.Equal(42, metadata.SequenceNumber);
        Assert.Equal(enqueued, metadata.EnqueuedTime);
        Assert.Equal("gzip", metadata.ApplicationProperties["contentencoding"]);
        Assert.Equal("5", metadata.ApplicationProperties["Priority"]);
    }

    [Fact]
    public void Missing_or_malformed_values_are_left_at_defaults()
    {
        var metadata = ServiceBusMessageMetadata.FromBindingData(new Dictionary<string, object?>
        {
            ["DeliveryCount"] = "many",
            ["ApplicationProperties"] = "{not json",
            ["EnqueuedTimeUtc"] = "\"2026-05-01T10:00:00\"",
        });

        Assert.Null(metadata.MessageId);
        Assert.Equal(0, metadata.DeliveryCount);
        Assert.Empty(metadata.ApplicationProperties);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero), metadata.EnqueuedTime);
    }
}
