using Microsoft.Azure.Functions.Worker;
using VmmAssess.Functions.Application.Processing;
using VmmAssess.Functions.Bindings;

namespace VmmAssess.Functions.Triggers;

/// <summary>Service Bus trigger on the collectors' inbox queue: verifies each message's signature before assessing it.</summary>
public sealed class ProcessInboxSnapshotFunction(ProcessInboxSnapshot processor)
{
    public const string QueueSetting = "%" + AppSettings.SnapshotInboxQueueName + "%";

    [Function("ProcessInboxSnapshot")]
    public Task<ProcessingOutcome> RunAsync(
        [ServiceBusTrigger(QueueSetting, Connection = AppSettings.ServiceBusConnection, AutoCompleteMessages = true)] byte[] message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = ServiceBusMessageMetadata.FromBindingData(context.BindingContext.BindingData);
        return processor.ExecuteAsync(message ?? [], metadata, context.CancellationToken);
    }
}
