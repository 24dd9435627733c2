using Microsoft.Azure.Functions.Worker;
using VmmAssess.Functions.Application.Processing;
using VmmAssess.Functions.Bindings;

namespace VmmAssess.Functions.Triggers;

/// <summary>Service Bus trigger: assesses one snapshot message. Auto-complete: returning completes the message,
/// throwing abandons it (redelivery, then the dead-letter queue after MaxDeliveryCount).</summary>
public sealed class ProcessSnapshotFunction(ProcessSnapshot processor)
{
    public const string QueueSetting = "%" + AppSettings.SnapshotQueueName + "%";

    [Function("ProcessSnapshot")]
    public Task<ProcessingOutcome> RunAsync(
        [ServiceBusTrigger(QueueSetting, Connection = AppSettings.ServiceBusConnection, AutoCompleteMessages = true)] byte[] message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = ServiceBusMessageMetadata.FromBindingData(context.BindingContext.BindingData);
        return processor.ExecuteAsync(message ?? [], metadata, context.CancellationToken);
    }
}
