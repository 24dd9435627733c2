using System.Net;
using System.Net.NetworkInformation;
using Azure.Messaging.ServiceBus;

namespace VmmAssess.Testing.ServiceBus.Tests;

public class HostTests
{
    [Fact]
    public void Connection_string_points_the_client_at_the_loopback_port_in_emulator_mode()
    {
        using var host = new ServiceBusTestHost("q");

        Assert.InRange(host.Port, 1, 65535);
        Assert.Equal(
            $"Endpoint=sb://127.0.0.1:{host.Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={ServiceBusTestHost.SharedAccessKey};UseDevelopmentEmulator=true",
            host.ConnectionString);
        var properties = ServiceBusConnectionStringProperties.Parse(host.ConnectionString);
        Assert.Equal(new Uri($"sb://127.0.0.1:{host.Port}"), properties.Endpoint);
    }

    [Fact]
    public void Host_listens_on_loopback_only()
    {
        using var host = new ServiceBusTestHost("q");

        var endpoints = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(e => e.Port == host.Port).ToList();

        Assert.Equal([IPAddress.Loopback], endpoints.Select(e => e.Address));
    }

    [Fact]
    public async Task Hosts_are_isolated_from_each_other()
    {
        using var first = new ServiceBusTestHost("q");
        using var second = new ServiceBusTestHost("q");
        Assert.NotEqual(first.Port, second.Port);

        await using var client = TestClients.Create(first);
        await using var sender = client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("x"));

        Assert.Equal(1, first["q"].MessageCount);
        Assert.Equal(0, second["q"].MessageCount);
    }

    [Fact]
    public async Task Queue_created_after_start_is_usable()
    {
        using var host = new ServiceBusTestHost("q");
        var late = host.CreateQueue(new ServiceBusTestQueueOptions("late") { MaxDeliveryCount = 2 });
        Assert.Same(late, host.CreateQueue("LATE")); // names are case-insensitive
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("late");
        await using var receiver = client.CreateReceiver("late");

        await sender.SendMessageAsync(new ServiceBusMessage("x") { MessageId = "m-1" });

        Assert.Equal("m-1", Assert.Single(await receiver.PeekMessagesAsync(10)).MessageId);
        Assert.Equal(2, host.Queues.Count);
    }

    [Fact]
    public void Queues_are_looked_up_by_name_and_dead_letter_path()
    {
        using var host = new ServiceBusTestHost("orders");

        Assert.Same(host["orders"], host.GetQueue("Orders"));
        Assert.Same(host["orders"].DeadLetterQueue, host["orders/$DeadLetterQueue"]);
        Assert.True(host["orders"].DeadLetterQueue.IsDeadLetterQueue);
        Assert.Equal("orders/$DeadLetterQueue", host["orders"].DeadLetterQueue.Name);
        Assert.Throws<InvalidOperationException>(() => host["orders"].DeadLetterQueue.DeadLetterQueue);
        Assert.Throws<KeyNotFoundException>(() => host["missing"]);
        Assert.False(host.TryGetQueue("missing", out _));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceBusTestHost(new ServiceBusTestQueueOptions("q") { MaxDeliveryCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceBusTestHost(new ServiceBusTestQueueOptions("q") { LockDuration = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceBusTestHost(new ServiceBusTestQueueOptions("q") { MaxMessageSizeBytes = 10 }));
        Assert.Throws<ArgumentException>(() => new ServiceBusTestHost("q", "Q"));
        Assert.Throws<ArgumentException>(() => new ServiceBusTestQueueOptions("q/$DeadLetterQueue"));
        Assert.Throws<ArgumentException>(() => new ServiceBusTestQueueOptions(" "));
    }

    [Fact]
    public async Task WaitForAsync_returns_when_the_condition_holds_and_times_out_otherwise()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");

        var waiting = host["q"].WaitForAsync(q => q.AvailableCount == 2);
        Assert.False(waiting.IsCompleted);
        await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b")]);
        await waiting;

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => host["q"].WaitForAsync(q => q.AvailableCount == 3, TimeSpan.FromMilliseconds(50)));
        Assert.Contains("available 2", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_empties_the_queue()
    {
        using var host = new ServiceBusTestHost("q");
        await using var client = TestClients.Create(host);
        await using var sender = client.CreateSender("q");
        await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b")]);

        host["q"].Purge();

        Assert.Equal(0, host["q"].MessageCount);
    }
}
