using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Http;

namespace VmmAssess.Functions.Messaging;

/// <summary>Admin view of the snapshot queue's dead-letter queue: list (peek) and replay.</summary>
public sealed class DeadLetterAdmin(ServiceBusClient client, SnapshotSender queue, IOptions<AssessmentOptions> options, TimeProvider time)
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
        var replayed = new List<ReplayedMessage>();
        foreach (var message in received)
        {
            if (sequenceNumbers is not null && !sequenceNumbers.Contains(message.SequenceNumber))
            {
                await receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                continue;
            }

            var keep = KeepsMessageId(message);
            var sentAs = await queue.ResendAsync(message, keep, cancellationToken).ConfigureAwait(false);
            await receiver.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
            replayed.Add(new ReplayedMessage(message.SequenceNumber, message.MessageId, sentAs, keep, Property(message, SnapshotMessages.TenantIdProperty), Property(message, SnapshotMessages.SnapshotIdProperty)));
        }

        return new ReplayResponse(replayed);
    }

    /// <summary>
    /// A message keeps its id when it was enqueued longer ago than the queue's duplicate-detection window: Service Bus
    /// has forgotten the id and accepts the copy. Inside the window the copy would be acknowledged and dropped, so it
    /// gets a replay id instead. Were the enqueued time a dead-lettered message reports ever later than its send, the
    /// check would only err towards a replay id, never towards a dropped copy. (One case it cannot see: the webhook
    /// re-sending the same snapshot id after the window. That copy assesses the snapshot, so a replay dropped as its
    /// duplicate loses nothing.)
    /// </summary>
    private bool KeepsMessageId(ServiceBusReceivedMessage message) =>
        message.MessageId is { Length: > 0 } && time.GetUtcNow() - message.EnqueuedTime > options.Value.DuplicateDetectionWindow;

    private static string? Property(ServiceBusReceivedMessage message, string name) =>
        message.ApplicationProperties.TryGetValue(name, out var value) ? value?.ToString() : null;

    private static DeadLetterMessage Describe(ServiceBusReceivedMessage m) => new(
        m.SequenceNumber,
        m.MessageId,
        m.EnqueuedTime,
        m.DeliveryCount,
        m.DeadLetterReason,
        m.DeadLetterErrorDescription,
        m.ContentType,
        m.Body.ToMemory().Length,
        Property(m, SnapshotMessages.TenantIdProperty),
        Property(m, SnapshotMessages.SnapshotIdProperty));
}
