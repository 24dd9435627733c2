using Azure.Messaging.ServiceBus;
using VmmAssess.Functions.Http;

namespace VmmAssess.Functions.Messaging;

/// <summary>Admin view of the snapshot queue's dead-letter queue: list (peek) and replay.</summary>
public sealed class DeadLetterAdmin(ServiceBusClient client, SnapshotSender queue)
{
    public const int MaxMessages = 100;

    public async Task<DeadLetterList> ListAsync(int max, CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(queue.QueueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var messages = await receiver.PeekMessagesAsync(Math.Clamp(max, 1, MaxMessages), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DeadLetterList(queue.QueueName, messages.Select(Describe).ToArray());
    }

    /// <summary>Moves up to <paramref name="max"/> dead-lettered messages back to the queue (only those in
    /// <paramref name="sequenceNumbers"/> when given; the others are released untouched).</summary>
    public async Task<ReplayResponse> ReplayAsync(int max, IReadOnlySet<long>? sequenceNumbers, CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(queue.QueueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var received = await receiver.ReceiveMessagesAsync(Math.Clamp(max, 1, MaxMessages), TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var replayed = new List<long>();
        foreach (var message in received)
        {
            if (sequenceNumbers is not null && !sequenceNumbers.Contains(message.SequenceNumber))
            {
                await receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                continue;
            }

            await queue.ResendAsync(message, cancellationToken).ConfigureAwait(false);
            await receiver.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
            replayed.Add(message.SequenceNumber);
        }

        return new ReplayResponse(replayed.Count, replayed);
    }

    private static DeadLetterMessage Describe(ServiceBusReceivedMessage m) => new(
        m.SequenceNumber,
        m.MessageId,
        m.EnqueuedTime,
        m.DeliveryCount,
        m.DeadLetterReason,
        m.DeadLetterErrorDescription,
        m.ContentType,
        m.Body.ToMemory().Length,
        m.ApplicationProperties.TryGetValue(SnapshotMessages.TenantIdProperty, out var tenant) ? tenant?.ToString() : null,
        m.ApplicationProperties.TryGetValue(SnapshotMessages.SnapshotIdProperty, out var snapshot) ? snapshot?.ToString() : null);
}
