using Azure.Messaging.ServiceBus;

namespace VmmAssess.Testing.ServiceBus.Tests;

internal static class TestClients
{
    /// <summary>How long a receive waits for a message that is expected to be there (it returns as soon as one arrives).</summary>
    public static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A client for the host. A host bug tends to show up as the client retrying until its timeout, so the
    /// try timeout is short and there is a single retry: a failing test fails in seconds, not minutes.
    /// </summary>
    public static ServiceBusClient Create(ServiceBusTestHost host) => new(host.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions
        {
            Mode = ServiceBusRetryMode.Fixed,
            MaxRetries = 1,
            Delay = TimeSpan.FromMilliseconds(100),
            TryTimeout = TimeSpan.FromSeconds(10),
        },
    });

    public static async Task<ServiceBusReceivedMessage> ReceiveOneAsync(this ServiceBusReceiver receiver)
    {
        var message = await receiver.ReceiveMessageAsync(ReceiveWait);
        Assert.NotNull(message);
        return message;
    }
}
