using Azure.Messaging.ServiceBus;

namespace VmmAssess.Testing.ServiceBus.Tests;

/// <summary>Injected send failures reach the real client as the service's errors would, and its retry policy acts on them.</summary>
public class SendFaultTests
{
    private static ServiceBusClient Client(ServiceBusTestHost host, int maxRetries) => new(host.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions
        {
            Mode = ServiceBusRetryMode.Exponential,
            MaxRetries = maxRetries,
            Delay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            TryTimeout = TimeSpan.FromSeconds(10),
        },
    });

    [Fact]
    public async Task Transient_failures_within_the_retry_budget_are_retried_and_the_message_is_stored_once()
    {
        using var host = new ServiceBusTestHost("snapshots");
        host["snapshots"].FailNextSends(2);
        await using var client = Client(host, maxRetries: 2);
        await using var sender = client.CreateSender("snapshots");

        await sender.SendMessageAsync(new ServiceBusMessage("one") { MessageId = "m-1" });

        Assert.Equal(2, host["snapshots"].FailedSendCount);
        Assert.Equal("m-1", Assert.Single(host["snapshots"].Snapshot()).MessageId);
    }

    [Fact]
    public async Task More_failures_than_retries_surface_as_a_transient_service_timeout_and_store_nothing()
    {
        using var host = new ServiceBusTestHost("snapshots");
        host["snapshots"].FailNextSends(3);
        await using var client = Client(host, maxRetries: 1);
        await using var sender = client.CreateSender("snapshots");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("one")));

        Assert.Equal(ServiceBusFailureReason.ServiceTimeout, error.Reason);
        Assert.True(error.IsTransient);
        Assert.Contains("FailNextSends", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, host["snapshots"].FailedSendCount);
        Assert.Equal(0, host["snapshots"].MessageCount);

        // The third injected failure is still pending; the send after it goes through.
        await sender.SendMessageAsync(new ServiceBusMessage("two"));
        Assert.Equal(3, host["snapshots"].FailedSendCount);
        Assert.Equal("two", Assert.Single(host["snapshots"].Snapshot()).GetBodyAsString());
    }

    [Fact]
    public async Task Quota_exceeded_is_not_retried()
    {
        using var host = new ServiceBusTestHost("snapshots");
        host["snapshots"].FailNextSends(1, ServiceBusTestErrors.QuotaExceeded);
        await using var client = Client(host, maxRetries: 3);
        await using var sender = client.CreateSender("snapshots");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("one")));

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);
        Assert.False(error.IsTransient);
        Assert.Equal(1, host["snapshots"].FailedSendCount);
        Assert.Equal(0, host["snapshots"].MessageCount);
    }

    [Fact]
    public async Task Server_busy_maps_to_service_busy()
    {
        using var host = new ServiceBusTestHost("snapshots");
        host["snapshots"].FailNextSends(1, ServiceBusTestErrors.ServerBusy);
        await using var client = Client(host, maxRetries: 0);
        await using var sender = client.CreateSender("snapshots");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("one")));

        Assert.Equal(ServiceBusFailureReason.ServiceBusy, error.Reason);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_failed_batch_stores_none_of_its_messages_and_its_retry_stores_all_in_order()
    {
        using var host = new ServiceBusTestHost("snapshots");
        host["snapshots"].FailNextSends(1);
        await using var client = Client(host, maxRetries: 1);
        await using var sender = client.CreateSender("snapshots");
        using var batch = await sender.CreateMessageBatchAsync();
        Assert.True(batch.TryAddMessage(new ServiceBusMessage("a") { MessageId = "a" }));
        Assert.True(batch.TryAddMessage(new ServiceBusMessage("b") { MessageId = "b" }));

        await sender.SendMessagesAsync(batch);

        Assert.Equal(1, host["snapshots"].FailedSendCount);
        Assert.Equal(["a", "b"], host["snapshots"].Snapshot().Select(m => m.MessageId));
    }

    [Fact]
    public void Faults_are_refused_on_a_dead_letter_queue_and_for_negative_counts()
    {
        using var host = new ServiceBusTestHost("snapshots");

        Assert.Throws<InvalidOperationException>(() => host["snapshots"].DeadLetterQueue.FailNextSends(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => host["snapshots"].FailNextSends(-1));
    }
}
