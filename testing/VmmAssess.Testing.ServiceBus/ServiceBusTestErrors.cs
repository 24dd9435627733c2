namespace VmmAssess.Testing.ServiceBus;

/// <summary>AMQP error conditions Service Bus answers with, for <see cref="ServiceBusTestQueue.FailNextSends"/>.</summary>
public static class ServiceBusTestErrors
{
    /// <summary>The operation timed out on the service: <c>ServiceBusFailureReason.ServiceTimeout</c>, transient.</summary>
    public const string Timeout = "com.microsoft:timeout";

    /// <summary>The namespace is throttling: <c>ServiceBusFailureReason.ServiceBusy</c>, transient.</summary>
    public const string ServerBusy = "com.microsoft:server-busy";

    /// <summary>The namespace's quota is exhausted: <c>ServiceBusFailureReason.QuotaExceeded</c>, not retried.</summary>
    public const string QuotaExceeded = "amqp:resource-limit-exceeded";
}
