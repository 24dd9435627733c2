using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace VmmAssess.Testing.ServiceBus.Tests;

public class SettlementTests
{
    [Fact]
    public async Task Complete_removes_the_message()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessageAsync(new ServiceBusMessage("work") { MessageId = "m-1" });

        var received = await receiver.ReceiveOneAsync();
        Assert.Equal(0, host["q"].AvailableCount);
        Assert.Equal(1, host["q"].LockedCount);
        Assert.Equal(ServiceBusTestMessageState.Locked, Assert.Single(host["q"].Snapshot()).State);

        await receiver.CompleteMessageAsync(received);

        Assert.Equal(0, host["q"].MessageCount);
        Assert.Equal(0, host["q"].DeadLetterQueue.MessageCount);
    }

    [Fact]
    public async Task Abandon_makes_the_message_available_again_with_a_higher_delivery_count()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessageAsync(new ServiceBusMessage("work") { MessageId = "m-1" });

        var first = await receiver.ReceiveOneAsync();
        Assert.Equal(1, first.DeliveryCount);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["lastError"] = "timeout" });
        Assert.Equal(1, host["q"].AvailableCount);
        Assert.Equal(1, Assert.Single(host["q"].Snapshot()).DeliveryCount);

        var second = await receiver.ReceiveOneAsync();
        Assert.Equal("m-1", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal("timeout", second.ApplicationProperties["lastError"]);
        Assert.NotEqual(first.LockToken, second.LockToken);

        // The first lock is gone.
        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, ex.Reason);
        await receiver.CompleteMessageAsync(second);
        Assert.Equal(0, host["q"].MessageCount);
    }

    [Fact]
    public async Task Receive_and_delete_removes_the_message_on_delivery()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        await sender.SendMessageAsync(new ServiceBusMessage("work") { MessageId = "m-1" });

        var received = await receiver.ReceiveOneAsync();

        Assert.Equal("m-1", received.MessageId);
        Assert.Equal(0, host["q"].MessageCount);
    }

    [Fact]
    public async Task Expired_lock_makes_the_message_available_again_and_settling_it_fails_with_MessageLockLost()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new ServiceBusTestHost([new ServiceBusTestQueueOptions("q") { LockDuration = TimeSpan.FromSeconds(30) }], clock);
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessageAsync(new ServiceBusMessage("work") { MessageId = "m-1" });

        var first = await receiver.ReceiveOneAsync();
        clock.Advance(TimeSpan.FromSeconds(20));
        await receiver.RenewMessageLockAsync(first);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), first.LockedUntil, TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, host["q"].LockedCount);

        clock.Advance(TimeSpan.FromSeconds(2)); // the host's lock sweep runs on the fake clock
        Assert.Equal(0, host["q"].LockedCount);
        Assert.Equal(1, host["q"].AvailableCount);

        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, ex.Reason);
        var second = await receiver.ReceiveOneAsync();
        Assert.Equal(2, second.DeliveryCount);
        await receiver.CompleteMessageAsync(second);
        Assert.Equal(0, host["q"].MessageCount);
    }

    [Fact]
    public async Task Closing_a_receiver_keeps_its_locks_until_they_expire_and_another_receiver_can_settle_them()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new ServiceBusTestHost([new ServiceBusTestQueueOptions("q") { LockDuration = TimeSpan.FromSeconds(30) }], clock);
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await sender.SendMessagesAsync([new ServiceBusMessage("a") { MessageId = "m-1" }, new ServiceBusMessage("b") { MessageId = "m-2" }]);

        var first = client.CreateReceiver("q");
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 2)
        {
            received.AddRange(await first.ReceiveMessagesAsync(2 - received.Count, TestClients.ReceiveWait));
        }

        await first.DisposeAsync();
        Assert.Equal(2, host["q"].LockedCount);

        // The lock token is not on the second receiver's link: the client settles through the management link.
        await using var second = client.CreateReceiver("q");
        await second.CompleteMessageAsync(received[0]);
        Assert.Equal(1, host["q"].MessageCount);

        clock.Advance(TimeSpan.FromSeconds(31));
        var redelivered = await second.ReceiveOneAsync();
        Assert.Equal("m-2", redelivered.MessageId);
        Assert.Equal(2, redelivered.DeliveryCount);
    }

    [Fact]
    public async Task Peek_lists_messages_without_locking_or_consuming_them()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessagesAsync(Enumerable.Range(1, 3).Select(i => new ServiceBusMessage($"body-{i}") { MessageId = $"m-{i}" }));

        var peeked = await receiver.PeekMessagesAsync(10);

        Assert.Equal(["m-1", "m-2", "m-3"], peeked.Select(m => m.MessageId));
        Assert.Equal([1L, 2, 3], peeked.Select(m => m.SequenceNumber));
        Assert.All(peeked, m => Assert.Equal(0, m.DeliveryCount));
        Assert.Equal(3, host["q"].AvailableCount);
        Assert.Empty(await receiver.PeekMessagesAsync(10)); // continues after the last peeked sequence number
        Assert.Equal(2, (await receiver.PeekMessagesAsync(10, fromSequenceNumber: 2)).Count);

        // Peek also lists locked messages.
        var locked = await receiver.ReceiveOneAsync();
        Assert.Equal(3, (await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1)).Count);
        await receiver.CompleteMessageAsync(locked);
        Assert.Equal(["m-2", "m-3"], (await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task Deferred_message_is_received_only_by_its_sequence_number()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");
        await sender.SendMessageAsync(new ServiceBusMessage("later") { MessageId = "m-1" });

        var received = await receiver.ReceiveOneAsync();
        await receiver.DeferMessageAsync(received);
        Assert.Equal(0, host["q"].AvailableCount);
        Assert.Equal(1, host["q"].DeferredCount);
        Assert.Equal(ServiceBusMessageState.Deferred, Assert.Single(await receiver.PeekMessagesAsync(10)).State);

        var deferred = await receiver.ReceiveDeferredMessageAsync(received.SequenceNumber);
        Assert.Equal("m-1", deferred.MessageId);
        Assert.Equal(2, deferred.DeliveryCount);
        Assert.Equal(1, host["q"].LockedCount);
        await receiver.AbandonMessageAsync(deferred); // back to the deferred set, not to the queue
        Assert.Equal(1, host["q"].DeferredCount);

        var again = await receiver.ReceiveDeferredMessageAsync(received.SequenceNumber);
        await receiver.CompleteMessageAsync(again);
        Assert.Equal(0, host["q"].MessageCount);

        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveDeferredMessageAsync(received.SequenceNumber));
        Assert.Equal(ServiceBusFailureReason.MessageNotFound, ex.Reason);
    }

    [Fact]
    public async Task Receiving_from_an_unknown_queue_fails_with_MessagingEntityNotFound()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("missing");
        await using var receiver = client.CreateReceiver("missing");

        var sendError = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, sendError.Reason);
        var receiveError = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TestClients.ReceiveWait));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receiveError.Reason);
    }
}
