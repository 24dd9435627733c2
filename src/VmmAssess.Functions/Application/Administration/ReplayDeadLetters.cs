using VmmAssess.Functions.Infrastructure.Messaging;

namespace VmmAssess.Functions.Application.Administration;

/// <summary>Moves dead-lettered messages back to the snapshot queue (all, or those with the given sequence numbers).</summary>
public sealed class ReplayDeadLetters(SnapshotQueueClient queue, IOptions<AssessmentOptions> options, TimeProvider time)
{
    public Task<IReadOnlyList<ResentMessage>> ExecuteAsync(int max, IReadOnlySet<long>? sequenceNumbers, CancellationToken cancellationToken) =>
        queue.ReplayDeadLettersAsync(
            Math.Clamp(max, 1, ListDeadLetters.MaxMessages),
            message => sequenceNumbers is null || sequenceNumbers.Contains(message.SequenceNumber),
            KeepsMessageId,
            cancellationToken);

    /// <summary>
    /// A message keeps its id when it was enqueued longer ago than the queue's duplicate-detection window: Service Bus
    /// has forgotten the id and accepts the copy. Inside the window the copy would be acknowledged and dropped, so it
    /// gets a replay id instead. Were the enqueued time a dead-lettered message reports ever later than its send, the
    /// check would only err towards a replay id, never towards a dropped copy. (One case it cannot see: the webhook
    /// re-sending the same snapshot id after the window. That copy assesses the snapshot, so a replay dropped as its
    /// duplicate loses nothing.)
    /// </summary>
    private bool KeepsMessageId(DeadLetteredMessage message) =>
        time.GetUtcNow() - message.EnqueuedTime > options.Value.DuplicateDetectionWindow;
}
