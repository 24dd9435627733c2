using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace VmmAssess.Testing.ServiceBus.Tests;

public class SendTests
{
    [Fact]
    public async Task Single_message_keeps_its_id_content_type_subject_and_application_properties()
    {
        using var host = new ServiceBusTestHost("snapshots");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("snapshots");
        var createdAt = new DateTimeOffset(2025, 11, 26, 3, 16, 0, TimeSpan.FromHours(1));
        var message = new ServiceBusMessage(BinaryData.FromString("""{"snapshotId":"snap-1"}"""))
        {
            MessageId = "snap-1",
            ContentType = "application/json",
            Subject = "snapshot.v1",
            CorrelationId = "corr-1",
        };
        message.ApplicationProperties["tenant"] = "contoso";
        message.ApplicationProperties["attempt"] = 3;
        message.ApplicationProperties["urgent"] = true;
        message.ApplicationProperties["sizeBytes"] = 5_000_000_000L;
        message.ApplicationProperties["createdAt"] = createdAt;

        await sender.SendMessageAsync(message);

        // The host's view, without receiving.
        var stored = Assert.Single(host["snapshots"].Snapshot());
        Assert.Equal(1, stored.SequenceNumber);
        Assert.Equal(ServiceBusTestMessageState.Available, stored.State);
        Assert.Equal(0, stored.DeliveryCount);
        Assert.Equal("snap-1", stored.MessageId);
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal("snapshot.v1", stored.Subject);
        Assert.Equal("corr-1", stored.CorrelationId);
        Assert.Equal("contoso", stored.ApplicationProperties["tenant"]);
        Assert.Equal(3, stored.ApplicationProperties["attempt"]);
        Assert.Equal(true, stored.ApplicationProperties["urgent"]);
        Assert.Equal(5_000_000_000L, stored.ApplicationProperties["sizeBytes"]);
        Assert.Equal("""{"snapshotId":"snap-1"}""", stored.GetBodyAsString());

        // The client's view.
        await using var receiver = client.CreateReceiver("snapshots");
        var received = await receiver.ReceiveOneAsync();
        Assert.Equal("snap-1", received.MessageId);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("snapshot.v1", received.Subject);
        Assert.Equal("corr-1", received.CorrelationId);
        Assert.Equal("""{"snapshotId":"snap-1"}""", received.Body.ToString());
        Assert.Equal("contoso", received.ApplicationProperties["tenant"]);
        Assert.Equal(3, received.ApplicationProperties["attempt"]);
        Assert.Equal(true, received.ApplicationProperties["urgent"]);
        Assert.Equal(5_000_000_000L, received.ApplicationProperties["sizeBytes"]);
        Assert.Equal(createdAt, received.ApplicationProperties["createdAt"]);
        Assert.Equal(1, received.SequenceNumber);
        Assert.Equal(1, received.DeliveryCount);
        Assert.NotEqual(Guid.Empty.ToString(), received.LockToken);
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(1, host["snapshots"].LockedCount);
    }

    [Fact]
    public async Task Message_without_id_gets_one_assigned_by_the_host()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");

        await sender.SendMessageAsync(new ServiceBusMessage("no id"));

        var stored = Assert.Single(host["q"].Snapshot());
        Assert.Matches("^[0-9a-f]{32}$", stored.MessageId);
        await using var receiver = client.CreateReceiver("q");
        Assert.Equal(stored.MessageId, (await receiver.ReceiveOneAsync()).MessageId);
    }

    [Fact]
    public async Task ServiceBusMessageBatch_is_unpacked_in_order()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");

        using var batch = await sender.CreateMessageBatchAsync();
        Assert.Equal(ServiceBusTestQueueOptions.StandardTierMaxMessageSizeBytes, batch.MaxSizeInBytes);
        for (var i = 1; i <= 5; i++)
        {
            var message = new ServiceBusMessage($"body-{i}") { MessageId = $"m-{i}", ContentType = "text/plain" };
            message.ApplicationProperties["index"] = i;
            Assert.True(batch.TryAddMessage(message));
        }

        await sender.SendMessagesAsync(batch);

        var stored = host["q"].Snapshot();
        Assert.Equal(["m-1", "m-2", "m-3", "m-4", "m-5"], stored.Select(m => m.MessageId));
        Assert.Equal([1L, 2, 3, 4, 5], stored.Select(m => m.SequenceNumber));
        Assert.Equal([1, 2, 3, 4, 5], stored.Select(m => (int)m.ApplicationProperties["index"]!));
        Assert.All(stored, m => Assert.Equal("text/plain", m.ContentType));

        await using var receiver = client.CreateReceiver("q");
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 5)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(5 - received.Count, TestClients.ReceiveWait));
        }

        Assert.Equal(["body-1", "body-2", "body-3", "body-4", "body-5"], received.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task SendMessagesAsync_with_a_list_is_unpacked_in_order()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");

        await sender.SendMessagesAsync(Enumerable.Range(1, 4).Select(i => new ServiceBusMessage($"body-{i}") { MessageId = $"m-{i}" }));

        var stored = host["q"].Snapshot();
        Assert.Equal(["m-1", "m-2", "m-3", "m-4"], stored.Select(m => m.MessageId));
        Assert.Equal(["body-1", "body-2", "body-3", "body-4"], stored.Select(m => m.GetBodyAsString()));
        Assert.Equal(4, host["q"].AvailableCount);
    }

    [Fact]
    public async Task Duplicate_detection_drops_a_message_whose_id_was_seen_within_the_window()
    {
        using var host = new ServiceBusTestHost(new ServiceBusTestQueueOptions("snapshots") { RequiresDuplicateDetection = true });
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("snapshots");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "snap-1" });
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "snap-1" }); // succeeds, like Service Bus
        await sender.SendMessagesAsync([
            new ServiceBusMessage("third") { MessageId = "snap-1" },
            new ServiceBusMessage("other") { MessageId = "snap-2" },
        ]);

        var queue = host["snapshots"];
        Assert.Equal(["first", "other"], queue.Snapshot().Select(m => m.GetBodyAsString()));
        Assert.Equal(2, queue.DroppedDuplicateCount);
    }

    [Fact]
    public async Task Duplicate_detection_forgets_an_id_after_the_window()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ServiceBusTestQueueOptions("snapshots")
        {
            RequiresDuplicateDetection = true,
            DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10),
        };
        using var host = new ServiceBusTestHost([options], clock);
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("snapshots");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "snap-1" });
        clock.Advance(TimeSpan.FromMinutes(9));
        await sender.SendMessageAsync(new ServiceBusMessage("dropped") { MessageId = "snap-1" });
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendMessageAsync(new ServiceBusMessage("accepted") { MessageId = "snap-1" });

        Assert.Equal(["first", "accepted"], host["snapshots"].Snapshot().Select(m => m.GetBodyAsString()));
    }

    [Fact]
    public async Task Without_duplicate_detection_the_same_id_is_stored_twice()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");

        await sender.SendMessageAsync(new ServiceBusMessage("a") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("b") { MessageId = "same" });

        Assert.Equal(2, host["q"].AvailableCount);
        Assert.Equal(0, host["q"].DroppedDuplicateCount);
    }

    [Fact]
    public async Task Message_larger_than_the_queue_limit_fails_with_MessageSizeExceeded()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        var tooLarge = new ServiceBusMessage(new byte[300 * 1024]) { MessageId = "big" };

        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(tooLarge));
        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, ex.Reason);

        using var batch = await sender.CreateMessageBatchAsync();
        Assert.False(batch.TryAddMessage(tooLarge));
        Assert.True(batch.TryAddMessage(new ServiceBusMessage(new byte[200 * 1024])));
        await sender.SendMessagesAsync(batch);
        Assert.Equal(1, host["q"].MessageCount);
    }

    [Fact]
    public async Task MaxMessageSizeBytes_is_advertised_to_the_client()
    {
        using var host = new ServiceBusTestHost(new ServiceBusTestQueueOptions("small") { MaxMessageSizeBytes = 4096 });
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("small");

        using var batch = await sender.CreateMessageBatchAsync();
        Assert.Equal(4096, batch.MaxSizeInBytes);
        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(new byte[5000])));
        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, ex.Reason);
        await sender.SendMessageAsync(new ServiceBusMessage(new byte[3000]));
        Assert.Equal(1, host["small"].MessageCount);
    }

    [Fact]
    public async Task Host_rejects_an_oversized_transfer_with_message_size_exceeded()
    {
        // The Service Bus client checks sizes itself, so this uses a plain AMQP client that does not.
        using var host = new ServiceBusTestHost(new ServiceBusTestQueueOptions("small") { MaxMessageSizeBytes = 4096 });
        var factory = new ConnectionFactory();
        factory.SASL.Profile = SaslProfile.Anonymous;
        var connection = await factory.CreateAsync(new Address("127.0.0.1", host.Port, null, null, "/", "amqp"));
        try
        {
            var session = new Session(connection);
            var sender = new SenderLink(session, "raw-sender", "/small");

            var ex = await Assert.ThrowsAsync<AmqpException>(() => sender.SendAsync(new Message { BodySection = new Data { Binary = new byte[8192] } }));
            Assert.Equal(ErrorCode.MessageSizeExceeded, (string)ex.Error.Condition);

            await sender.SendAsync(new Message { BodySection = new Data { Binary = new byte[1024] } });
            Assert.Equal(1, host["small"].MessageCount);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
