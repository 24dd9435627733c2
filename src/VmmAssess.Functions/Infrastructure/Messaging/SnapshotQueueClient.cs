using Azure.Messaging.ServiceBus;

namespace VmmAssess.Functions.Infrastructure.Messaging;

/// <summary>A dead-lettered message as the operator sees it.</summary>
public sealed record DeadLetteredMessage(
    long SequenceNumber, string? MessageId, DateTimeOffset EnqueuedTime, int DeliveryCount, string? DeadLetterReason, string? DeadLetterErrorDescription,
    string? ContentType, long BodyBytes, string? TenantId, string? SnapshotId);

/// <summary>A dead-lettered message sent back to the queue, and the id it was sent with.</summary>
public sealed record ResentMessage(DeadLetteredMessage Original, string MessageId, bool MessageIdKept);

/// <summary>The snapshot queue and its dead-letter queue (the app's one ServiceBusClient).</summary>
public sealed class SnapshotQueueClient : IAsyncDisposable
{
    private readonly ServiceBusClient client;
    private readonly ServiceBusSender sender;
    private readonly int maxMessageBytes;

    public SnapshotQueueClient(ServiceBusClient client, IOptions<QueueOptions> queue, IOptions<AssessmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        QueueName = queue.Value.SnapshotQueueName;
        sender = client.CreateSender(QueueName);
        maxMessageBytes = options.Value.MaxMessageBytes;
    }

    public string QueueName { get; }

    /// <summary>
    /// Sends a stored snapshot: gzip body when it fits <c>Assessment__MaxMessageBytes</c>, else a claim-check.
    /// Returns true when a claim-check was sent.
    /// </summary>
    public async Task<bool> SendSnapshotAsync(TenantId tenant, Guid snapshotId, EnvironmentId environment, byte[] gzipBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gzipBody);
        var claimCheck = gzipBody.Length + SnapshotEnvelope.EnvelopeAllowanceBytes > maxMessageBytes;
        var message = claimCheck
            ? SnapshotEnvelope.ClaimCheck(tenant, snapshotId, environment, snapshotId.ToString("D"), rerun: false)
            : SnapshotEnvelope.Snapshot(tenant, snapshotId, environment, gzipBody);
        await sender.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        return claimCheck;
    }

    /// <summary>Asks for a new assessment of one stored snapshot under a caller-chosen message id (deduplicated reruns).</summary>
    public Task SendRerunAsync(SnapshotRef snapshot, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return sender.SendMessageAsync(SnapshotEnvelope.ClaimCheck(snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, messageId, rerun: true), cancellationToken);
    }

    /// <summary>Sends a stored snapshot again under its own id (the sweeper): a claim-check, as the raw copy is stored.</summary>
    public Task ResendQueuedAsync(SnapshotRef snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return sender.SendMessageAsync(SnapshotEnvelope.ClaimCheck(snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, snapshot.SnapshotId.ToString("D"), rerun: false), cancellationToken);
    }

    /// <summary>Asks for a new assessment of stored snapshots (rerun, reassess), in as few batches as fit.</summary>
    public async Task SendRerunsAsync(IReadOnlyList<SnapshotRef> snapshots, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var pending = new Queue<ServiceBusMessage>(snapshots.Select(s =>
            SnapshotEnvelope.ClaimCheck(s.TenantId, s.SnapshotId, s.EnvironmentId, SnapshotEnvelope.RerunMessageId(s.SnapshotId, requestedAt), rerun: true)));
        while (pending.Count > 0)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            while (pending.Count > 0 && batch.TryAddMessage(pending.Peek()))
            {
                pending.Dequeue();
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException("A claim-check message does not fit an empty batch.");
            }

            await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Peeks at up to <paramref name="max"/> dead-lettered messages without taking them.</summary>
    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(QueueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var messages = await receiver.PeekMessagesAsync(max, cancellationToken: cancellationToken).ConfigureAwait(false);
        return messages.Select(Describe).ToArray();
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> dead-lettered messages that <paramref name="select"/> accepts back to the queue
    /// (the others are released untouched). <paramref name="keepMessageId"/> decides per message whether the copy keeps
    /// its id or gets a replay id: while the original id is inside the queue's duplicate-detection window, Service Bus
    /// acknowledges a same-id copy and silently drops it.
    /// </summary>
    public async Task<IReadOnlyList<ResentMessage>> ReplayDeadLettersAsync(int max, Func<DeadLetteredMessage, bool> select, Func<DeadLetteredMessage, bool> keepMessageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(keepMessageId);
        await using var receiver = client.CreateReceiver(QueueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var received = await receiver.ReceiveMessagesAsync(max, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var replayed = new List<ResentMessage>();
        foreach (var message in received)
        {
            var described = Describe(message);
            if (!select(described))
            {
                await receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                continue;
            }

            var keep = message.MessageId is { Length: > 0 } && keepMessageId(described);
            var messageId = keep ? message.MessageId! : SnapshotEnvelope.ReplayMessageId(message.MessageId ?? "", message.SequenceNumber);
            var copy = new ServiceBusMessage(message) { MessageId = messageId };
            copy.ApplicationProperties.Remove("DeadLetterReason");
            copy.ApplicationProperties.Remove("DeadLetterErrorDescription");
            await sender.SendMessageAsync(copy, cancellationToken).ConfigureAwait(false);
            await receiver.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
            replayed.Add(new ResentMessage(described, messageId, keep));
        }

        return replayed;
    }

    public ValueTask DisposeAsync() => sender.DisposeAsync();

    private static string? Property(ServiceBusReceivedMessage message, string name) =>
        message.ApplicationProperties.TryGetValue(name, out var value) ? value?.ToString() : null;

    private static DeadLetteredMessage Describe(ServiceBusReceivedMessage m) => new(
        m.SequenceNumber,
        m.MessageId,
        m.EnqueuedTime,
        m.DeliveryCount,
        m.DeadLetterReason,
        m.DeadLetterErrorDescription,
        m.ContentType,
        m.Body.ToMemory().Length,
        Property(m, SnapshotEnvelope.TenantIdProperty),
        Property(m, SnapshotEnvelope.SnapshotIdProperty));
}
