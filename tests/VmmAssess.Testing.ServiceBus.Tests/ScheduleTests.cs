using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace VmmAssess.Testing.ServiceBus.Tests;

public class ScheduleTests
{
    [Fact]
    public async Task Message_with_a_scheduled_enqueue_time_is_held_until_that_time()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new ServiceBusTestHost([new ServiceBusTestQueueOptions("q")], clock);
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await using var receiver = client.CreateReceiver("q");

        await sender.SendMessageAsync(new ServiceBusMessage("later") { MessageId = "m-1", ScheduledEnqueueTime = clock.GetUtcNow().AddMinutes(5) });

        Assert.Equal(1, host["q"].ScheduledCount);
        Assert.Equal(0, host["q"].AvailableCount);
        var peeked = Assert.Single(await receiver.PeekMessagesAsync(10));
        Assert.Equal(ServiceBusMessageState.Scheduled, peeked.State);

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, host["q"].AvailableCount);
        Assert.Equal("m-1", (await receiver.ReceiveOneAsync()).MessageId);
    }

    [Fact]
    public async Task ScheduleMessageAsync_returns_a_sequence_number_that_cancels_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new ServiceBusTestHost([new ServiceBusTestQueueOptions("q")], clock);
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");

        var kept = await sender.ScheduleMessageAsync(new ServiceBusMessage("kept") { MessageId = "m-1" }, clock.GetUtcNow().AddMinutes(1));
        var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("cancelled") { MessageId = "m-2" }, clock.GetUtcNow().AddMinutes(1));
        Assert.Equal(2, host["q"].ScheduledCount);

        await sender.CancelScheduledMessageAsync(cancelled);
        clock.Advance(TimeSpan.FromMinutes(1));

        var stored = Assert.Single(host["q"].Snapshot());
        Assert.Equal(kept, stored.SequenceNumber);
        Assert.Equal("kept", stored.GetBodyAsString());
        Assert.Equal(ServiceBusTestMessageState.Available, stored.State);
    }
}
