using VmmAssess.Functions.Infrastructure.Messaging;

namespace VmmAssess.Functions.Application.Administration;

/// <summary>The snapshot queue's dead-letter queue, peeked (nothing is taken).</summary>
public sealed class ListDeadLetters(SnapshotQueueClient queue)
{
    public const int MaxMessages = 100;

    public string QueueName => queue.QueueName;

    public Task<IReadOnlyList<DeadLetteredMessage>> ExecuteAsync(int max, CancellationToken cancellationToken) =>
        queue.PeekDeadLettersAsync(Math.Clamp(max, 1, MaxMessages), cancellationToken);
}
