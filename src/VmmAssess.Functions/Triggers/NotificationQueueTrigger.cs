using VmmAssess.Functions.Application.Notifications;

namespace VmmAssess.Functions.Triggers;

/// <summary>
/// The notification queue's trigger (auto-complete, like <see cref="SnapshotQueueTriggers"/>): returning completes the
/// message (an event fanned out, a delivery made or its retry scheduled), throwing abandons it (a storage fault, or the
/// last attempt failed), and after the queue's MaxDeliveryCount it is dead-lettered.
/// </summary>
public sealed class NotificationQueueTrigger(DeliverNotifications deliver)
{
    public const string QueueSetting = "%" + AppSettings.NotificationQueueName + "%";

    [Function("DeliverNotification")]
    public Task<NotificationOutcome> DeliverNotificationAsync(
        [ServiceBusTrigger(QueueSetting, Connection = AppSettings.ServiceBusConnection, AutoCompleteMessages = true)] byte[] message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return deliver.ExecuteAsync(message ?? [], ServiceBusMessageMetadata.FromBindingData(context.BindingContext.BindingData), context.CancellationToken);
    }
}
