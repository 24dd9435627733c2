using VmmAssess.Functions.Application.Processing;

namespace VmmAssess.Functions.Triggers;

/// <summary>
/// The Service Bus triggers. Auto-complete: returning completes the message, throwing abandons it (redelivery, then
/// the dead-letter queue after MaxDeliveryCount). Only the app sends to the internal queue; collectors send to the
/// inbox queue, whose messages are assessed only when their signature proves the tenant.
/// </summary>
public sealed class SnapshotQueueTriggers(ProcessSnapshot process, ProcessInboxSnapshot processInbox)
{
    public const string QueueSetting = "%" + AppSettings.SnapshotQueueName + "%";
    public const string InboxQueueSetting = "%" + AppSettings.SnapshotInboxQueueName + "%";

    [Function("ProcessSnapshot")]
    public Task<ProcessingOutcome> ProcessSnapshotAsync(
        [ServiceBusTrigger(QueueSetting, Connection = AppSettings.ServiceBusConnection, AutoCompleteMessages = true)] byte[] message,
        FunctionContext context) =>
        process.ExecuteAsync(message ?? [], Metadata(context), context.CancellationToken);

    [Function("ProcessInboxSnapshot")]
    public Task<ProcessingOutcome> ProcessInboxSnapshotAsync(
        [ServiceBusTrigger(InboxQueueSetting, Connection = AppSettings.ServiceBusConnection, AutoCompleteMessages = true)] byte[] message,
        FunctionContext context) =>
        processInbox.ExecuteAsync(message ?? [], Metadata(context), context.CancellationToken);

    private static ServiceBusMessageMetadata Metadata(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ServiceBusMessageMetadata.FromBindingData(context.BindingContext.BindingData);
    }
}
