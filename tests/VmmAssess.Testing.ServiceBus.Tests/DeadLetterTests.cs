using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace VmmAssess.Testing.ServiceBus.Tests;

public class DeadLetterTests
{
    private static readonly ServiceBusReceiverOptions DeadLetterQueue = new() { SubQueue = SubQueue.DeadLetter };

    [Fact]
    public async Task DeadLetter_moves_the_message_to_the_dead_letter_queue_with_reason_description_and_source()
    {
        using var host = new ServiceBusTestHost("snapshots");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("snapshots");
        await using var receiver = client.CreateReceiver("snapshots");
        var message = new ServiceBusMessage("""{"snapshotId":"snap-1"}""") { MessageId = "snap-1", ContentType = "application/json" };
        message.ApplicationProperties["tenant"] = "contoso";
        await sender.SendMessageAsync(message);

        var received = await receiver.ReceiveOneAsync();
        await receiver.DeadLetterMessageAsync(received, "SchemaValidationFailed", "snapshot.schema.json: $.hosts is required");

        Assert.Equal(0, host["snapshots"].MessageCount);
        var dlq = host["snapshots"].DeadLetterQueue;
        Assert.Same(dlq, host["snapshots/$DeadLetterQueue"]);
        var stored = Assert.Single(dlq.Snapshot());
        Assert.Equal("SchemaValidationFailed", stored.DeadLetterReason);
        Assert.Equal("snapshot.schema.json: $.hosts is required", stored.DeadLetterErrorDescription);
        Assert.Equal("snapshots", stored.DeadLetterSource);

        await using var dlqReceiver = client.CreateReceiver("snapshots", DeadLetterQueue);
        var dead = await dlqReceiver.ReceiveOneAsync();
        Assert.Equal("snap-1", dead.MessageId);
        Assert.Equal("application/json", dead.ContentType);
        Assert.Equal("""{"snapshotId":"snap-1"}""", dead.Body.ToString());
        Assert.Equal("contoso", dead.ApplicationProperties["tenant"]);
        Assert.Equal("SchemaValidationFailed", dead.DeadLetterReason);
        Assert.Equal("snapshot.schema.json: $.hosts is required", dead.DeadLetterErrorDescription);
        Assert.Equal("snapshots", dead.DeadLetterSource);

        await dlqReceiver.CompleteMessageAsync(dead);
        Assert.Equal(0, dlq.MessageCount);
    }

    [Fact]
    public async Task Dead_letter_queue_can_also_be_addressed_by_path()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessageAsync(new ServiceBusMessage("x") { MessageId = "m-1" });
        await receiver.DeadLetterMessageAsync(await receiver.ReceiveOneAsync(), "Reason", "Description");

        await using var dlqReceiver = client.CreateReceiver("q/$DeadLetterQueue");
        var dead = await dlqReceiver.ReceiveOneAsync();

        Assert.Equal("m-1", dead.MessageId);
        Assert.Equal("Reason", dead.DeadLetterReason);
    }

    [Fact]
    public async Task Peek_on_the_dead_letter_queue_lists_it_without_consuming_it()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessagesAsync(Enumerable.Range(1, 3).Select(i => new ServiceBusMessage($"body-{i}") { MessageId = $"m-{i}" }));
        var received = await receiver.ReceiveMessagesAsync(3, TestClients.ReceiveWait);
        while (received.Count < 3)
        {
            received = [.. received, .. await receiver.ReceiveMessagesAsync(3 - received.Count, TestClients.ReceiveWait)];
        }

        await receiver.DeadLetterMessageAsync(received[0], "BadInput", "first");
        await receiver.CompleteMessageAsync(received[1]);
        await receiver.DeadLetterMessageAsync(received[2], "BadInput", "third");

        await using var dlqReceiver = client.CreateReceiver("q", DeadLetterQueue);
        var listed = await dlqReceiver.PeekMessagesAsync(50);

        Assert.Equal(["m-1", "m-3"], listed.Select(m => m.MessageId));
        Assert.Equal(["first", "third"], listed.Select(m => m.DeadLetterErrorDescription));
        Assert.All(listed, m => Assert.Equal("BadInput", m.DeadLetterReason));
        Assert.All(listed, m => Assert.Equal("q", m.DeadLetterSource));
        Assert.Equal(2, host["q"].DeadLetterQueue.AvailableCount);
        Assert.Equal(2, (await dlqReceiver.PeekMessagesAsync(50, fromSequenceNumber: 0)).Count); // listing again
        Assert.Equal(2, host["q"].DeadLetterQueue.AvailableCount);
    }

    [Fact]
    public async Task Message_abandoned_MaxDeliveryCount_times_is_dead_lettered_with_MaxDeliveryCountExceeded()
    {
        using var host = new ServiceBusTestHost(new ServiceBusTestQueueOptions("q") { MaxDeliveryCount = 3 });
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "m-1" });

        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var received = await receiver.ReceiveOneAsync();
            Assert.Equal(delivery, received.DeliveryCount);
            await receiver.AbandonMessageAsync(received);
        }

        Assert.Equal(0, host["q"].MessageCount);
        await using var dlqReceiver = client.CreateReceiver("q", DeadLetterQueue);
        var dead = await dlqReceiver.ReceiveOneAsync();
        Assert.Equal("m-1", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Equal("q", dead.DeadLetterSource);
        Assert.False(string.IsNullOrEmpty(dead.DeadLetterErrorDescription));
    }

    [Fact]
    public async Task Replaying_a_dead_lettered_message_sends_a_clone_with_the_same_id_to_the_queue()
    {
        using var host = new ServiceBusTestHost("snapshots");
        await using var client = TestClients.Create(host);
        await DeadLetterOneAsync(client, "snap-1");

        await ReplayAsync(client, "snapshots");

        Assert.Equal(0, host["snapshots"].DeadLetterQueue.MessageCount);
        await using var receiver = client.CreateReceiver("snapshots");
        var replayed = await receiver.ReceiveOneAsync();
        Assert.Equal("snap-1", replayed.MessageId);
        Assert.Equal("application/json", replayed.ContentType);
        Assert.Equal("""{"snapshotId":"snap-1"}""", replayed.Body.ToString());
        Assert.Equal("contoso", replayed.ApplicationProperties["tenant"]);
        Assert.False(replayed.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.Null(replayed.DeadLetterSource);
        Assert.Equal(1, replayed.DeliveryCount);
        Assert.Equal(2, replayed.SequenceNumber);
    }

    [Fact]
    public async Task Replay_into_a_queue_with_duplicate_detection_is_dropped_until_the_window_has_passed()
    {
        // Real Service Bus behaves the same: duplicate detection remembers MessageIds that were accepted, whether or
        // not the message was consumed since. A replay that keeps MessageId within the window silently disappears.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ServiceBusTestQueueOptions("snapshots") { RequiresDuplicateDetection = true };
        using var host = new ServiceBusTestHost([options], clock);
        await using var client = TestClients.Create(host);
        await DeadLetterOneAsync(client, "snap-1");

        await ReplayAsync(client, "snapshots");
        Assert.Equal(0, host["snapshots"].MessageCount);
        Assert.Equal(1, host["snapshots"].DroppedDuplicateCount);

        await DeadLetterOneAsync(client, "snap-2");
        clock.Advance(options.DuplicateDetectionHistoryTimeWindow);
        await ReplayAsync(client, "snapshots");
        Assert.Equal(["snap-2"], host["snapshots"].Snapshot().Select(m => m.MessageId));
    }

    private static async Task DeadLetterOneAsync(ServiceBusClient client, string snapshotId)
    {
        await using var sender = client.CreateSender("snapshots");
        await using var receiver = client.CreateReceiver("snapshots");
        var message = new ServiceBusMessage($$"""{"snapshotId":"{{snapshotId}}"}""") { MessageId = snapshotId, ContentType = "application/json" };
        message.ApplicationProperties["tenant"] = "contoso";
        await sender.SendMessageAsync(message);
        var received = await receiver.ReceiveOneAsync();
        await receiver.DeadLetterMessageAsync(received, "Transient", "downstream unavailable");
    }

    /// <summary>The replay pattern: receive from the DLQ, send a clone to the queue, complete the DLQ message.</summary>
    private static async Task ReplayAsync(ServiceBusClient client, string queueName)
    {
        await using var dlqReceiver = client.CreateReceiver(queueName, DeadLetterQueue);
        await using var sender = client.CreateSender(queueName);
        var dead = await dlqReceiver.ReceiveOneAsync();
        await sender.SendMessageAsync(new ServiceBusMessage(dead)); // keeps MessageId; drops the dead-letter properties
        await dlqReceiver.CompleteMessageAsync(dead);
    }
}
