using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace VmmAssess.Functions.Bindings;

/// <summary>
/// Service Bus trigger for the isolated worker. The Worker SDK derives the binding type from the class name
/// ("ServiceBusTriggerAttribute" → "serviceBusTrigger", the type the WebJobs Service Bus extension registers in
/// the host), so the name is fixed; constructor parameter and property names become the binding's metadata keys,
/// which are the same as those of the (not served) Microsoft.Azure.Functions.Worker.Extensions.ServiceBus attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    /// <param name="queueName">Queue name or an app-setting reference such as <c>%SnapshotQueueName%</c>.</param>
    public ServiceBusTriggerAttribute(string queueName)
    {
        QueueName = queueName;
    }

    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    public string? QueueName { get; }

    public string? TopicName { get; }

    public string? SubscriptionName { get; }

    /// <summary>App-setting name of the connection string, or prefix of the identity-based settings (<c>__fullyQualifiedNamespace</c>).</summary>
    public string? Connection { get; set; }

    public bool IsSessionsEnabled { get; set; }

    /// <summary>When true the host completes the message after a successful invocation and abandons it when the function throws.</summary>
    public bool AutoCompleteMessages { get; set; }

    /// <summary>Batch mode; the SDK writes it to the metadata as <c>cardinality</c> (One/Many).</summary>
    [DefaultValue(false)]
    public bool IsBatched { get; set; }

    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
