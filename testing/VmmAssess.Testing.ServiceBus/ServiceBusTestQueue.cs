using System.Diagnostics.CodeAnalysis;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using VmmAssess.Testing.ServiceBus.Protocol;

namespace VmmAssess.Testing.ServiceBus;

/// <summary>
/// A queue (or the dead-letter sub-queue of one) of a <see cref="ServiceBusTestHost"/>: the messages it holds
/// and what tests may inspect about them. All members are thread-safe.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It models a Service Bus queue, not a System.Collections.Queue.")]
public sealed class ServiceBusTestQueue
{
    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock sync = new();
    private readonly ServiceBusTestHost host;
    private readonly ServiceBusTestQueue? deadLetterQueue;
    private readonly SortedDictionary<long, StoredMessage> available = [];
    private readonly Dictionary<Guid, StoredMessage> locked = [];
    private readonly SortedDictionary<long, StoredMessage> deferred = [];
    private readonly SortedDictionary<long, StoredMessage> scheduled = [];
    private readonly Dictionary<string, DateTimeOffset> recentMessageIds = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTimeOffset AcceptedAt)> recentMessageIdsInOrder = new();
    private readonly List<OutgoingMessageEndpoint> consumers = [];
    private TaskCompletionSource changed = NewSignal();
    private int nextConsumer;
    private long nextSequenceNumber = 1;
    private int droppedDuplicateCount;
    private readonly Queue<string> sendFaults = new();
    private int failedSendCount;

    internal ServiceBusTestQueue(ServiceBusTestHost host, ServiceBusTestQueueOptions options)
    {
        this.host = host;
        Options = options;
        Name = options.Name;
        deadLetterQueue = new ServiceBusTestQueue(host, options, this);
    }

    private ServiceBusTestQueue(ServiceBusTestHost host, ServiceBusTestQueueOptions options, ServiceBusTestQueue parent)
    {
        this.host = host;
        Options = options;
        Name = parent.Name + AmqpNames.DeadLetterQueueSuffix;
        IsDeadLetterQueue = true;
    }

    /// <summary>The entity path: the queue name, or <c>queue/$DeadLetterQueue</c> for a dead-letter queue.</summary>
    public string Name { get; }

    /// <summary>The options the queue was created with (a dead-letter queue shares those of its queue).</summary>
    public ServiceBusTestQueueOptions Options { get; }

    /// <summary>True for the dead-letter sub-queue of a queue.</summary>
    public bool IsDeadLetterQueue { get; }

    /// <summary>The dead-letter sub-queue of this queue.</summary>
    /// <exception cref="InvalidOperationException">This is itself a dead-letter queue.</exception>
    public ServiceBusTestQueue DeadLetterQueue =>
        deadLetterQueue ?? throw new InvalidOperationException($"'{Name}' is a dead-letter queue and has no dead-letter queue of its own.");

    /// <summary>Messages waiting to be delivered now (neither locked, deferred nor scheduled).</summary>
    public int AvailableCount
    {
        get { lock (sync) { return available.Count; } }
    }

    /// <summary>Messages delivered in peek-lock mode whose lock is held and not settled yet.</summary>
    public int LockedCount
    {
        get { lock (sync) { return locked.Count; } }
    }

    /// <summary>Messages deferred by a receiver.</summary>
    public int DeferredCount
    {
        get { lock (sync) { return deferred.Count; } }
    }

    /// <summary>Messages whose scheduled enqueue time has not come yet.</summary>
    public int ScheduledCount
    {
        get { lock (sync) { return scheduled.Count; } }
    }

    /// <summary>All messages the queue holds, in any state.</summary>
    public int MessageCount
    {
        get { lock (sync) { return available.Count + locked.Count + deferred.Count + scheduled.Count; } }
    }

    /// <summary>Messages acknowledged to their sender but dropped by duplicate detection.</summary>
    public int DroppedDuplicateCount
    {
        get { lock (sync) { return droppedDuplicateCount; } }
    }

    /// <summary>Sends (transfers) refused by <see cref="FailNextSends"/>.</summary>
    public int FailedSendCount
    {
        get { lock (sync) { return failedSendCount; } }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> sends to this queue fail: each transfer (a message or a batch) is
    /// rejected with the AMQP error <paramref name="condition"/> and nothing is stored. The default,
    /// <see cref="ServiceBusTestErrors.Timeout"/>, is one the client treats as transient and retries under its
    /// retry policy; <see cref="ServiceBusTestErrors.ServerBusy"/> is transient too, but the client then waits
    /// 10 seconds before its next operation, as it does against the service.
    /// </summary>
    /// <param name="count">How many sends fail; calls add up.</param>
    /// <param name="condition">The AMQP error condition the host answers with.</param>
    public void FailNextSends(int count, string condition = ServiceBusTestErrors.Timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrWhiteSpace(condition);
        if (IsDeadLetterQueue)
        {
            throw new InvalidOperationException("Nothing is sent to a dead-letter queue.");
        }

        lock (sync)
        {
            for (var i = 0; i < count; i++)
            {
                sendFaults.Enqueue(condition);
            }
        }
    }

    /// <summary>Takes the next injected send failure, if any.</summary>
    internal bool TryTakeSendFault([NotNullWhen(true)] out Error? error)
    {
        lock (sync)
        {
            if (sendFaults.TryDequeue(out var condition))
            {
                failedSendCount++;
                error = new Error(new Symbol(condition)) { Description = $"Injected send failure {failedSendCount} of queue '{Name}' (ServiceBusTestQueue.FailNextSends)." };
                return true;
            }
        }

        error = null;
        return false;
    }

    /// <summary>
    /// Decoded copies of all messages in the queue, in any state, ordered by sequence number. Nothing is
    /// received, locked or consumed, and delivery counts do not change.
    /// </summary>
    public IReadOnlyList<ServiceBusTestMessage> Snapshot()
    {
        lock (sync)
        {
            return AllMessages().Select(m => m.ToTestMessage()).ToList();
        }
    }

    /// <summary>Removes every message the queue holds (locks held on them become invalid). Duplicate-detection history is kept.</summary>
    public void Purge()
    {
        lock (sync)
        {
            available.Clear();
            locked.Clear();
            deferred.Clear();
            scheduled.Clear();
            NotifyChanged();
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for this queue. The condition is evaluated now and after
    /// every change to the queue, so no polling interval is involved.
    /// </summary>
    /// <param name="condition">Evaluated on a thread of the caller or of the host; it must not block.</param>
    /// <param name="timeout">How long to wait; 30 seconds when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">The condition still does not hold after <paramref name="timeout"/>.</exception>
    public async Task WaitForAsync(Func<ServiceBusTestQueue, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultWaitTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(limit);
        while (true)
        {
            Task next;
            lock (sync)
            {
                next = changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await next.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Queue '{Name}' did not reach the expected state within {limit}: {this}.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (sync)
        {
            return $"{Name} (available {available.Count}, locked {locked.Count}, deferred {deferred.Count}, scheduled {scheduled.Count})";
        }
    }

    // ---- Sending -------------------------------------------------------------------------------------

    /// <summary>Accepts the messages of one transfer (several for a batch) in order.</summary>
    /// <returns>The number of messages stored; the others were duplicates.</returns>
    internal int Accept(IReadOnlyList<Message> messages)
    {
        lock (sync)
        {
            var now = host.TimeProvider.GetUtcNow();
            var stored = 0;
            foreach (var message in messages)
            {
                if (TryAdmit(message, now, out _))
                {
                    stored++;
                }
            }

            Pump();
            NotifyChanged();
            return stored;
        }
    }

    /// <summary>Stores a message: assigns a MessageId when it has none, applies duplicate detection and scheduling.</summary>
    private bool TryAdmit(Message message, DateTimeOffset now, out long sequenceNumber)
    {
        message.Properties ??= new Properties();
        var messageId = message.Properties.GetMessageId()?.ToString();
        if (messageId is null)
        {
            messageId = Guid.NewGuid().ToString("N");
            message.Properties.MessageId = messageId;
        }

        if (Options.RequiresDuplicateDetection)
        {
            ForgetExpiredMessageIds(now);
            if (!recentMessageIds.TryAdd(messageId, now))
            {
                droppedDuplicateCount++;
                sequenceNumber = 0;
                host.Trace($"{Name}: dropped duplicate MessageId '{messageId}'");
                return false;
            }

            recentMessageIdsInOrder.Enqueue((messageId, now));
        }

        var scheduledFor = message.MessageAnnotations?[AmqpNames.ScheduledEnqueueTime] is DateTime time
            ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))
            : (DateTimeOffset?)null;

        sequenceNumber = nextSequenceNumber++;
        var stored = new StoredMessage(AmqpMessages.Encode(message), sequenceNumber, now) { ScheduledEnqueueTime = scheduledFor };
        if (scheduledFor > now)
        {
            stored.State = ServiceBusTestMessageState.Scheduled;
            scheduled[sequenceNumber] = stored;
        }
        else
        {
            available[sequenceNumber] = stored;
        }

        return true;
    }

    private void ForgetExpiredMessageIds(DateTimeOffset now)
    {
        var window = Options.DuplicateDetectionHistoryTimeWindow;
        while (recentMessageIdsInOrder.TryPeek(out var oldest) && oldest.AcceptedAt + window <= now)
        {
            recentMessageIdsInOrder.Dequeue();
            recentMessageIds.Remove(oldest.MessageId);
        }
    }

    /// <summary>Takes a message that was dead-lettered from the parent queue.</summary>
    private void AcceptDeadLettered(StoredMessage message)
    {
        lock (sync)
        {
            message.State = ServiceBusTestMessageState.Available;
            message.LockToken = Guid.Empty;
            available[message.SequenceNumber] = message;
            Pump();
            NotifyChanged();
        }
    }

    // ---- Delivering ----------------------------------------------------------------------------------

    internal void AddConsumer(OutgoingMessageEndpoint consumer)
    {
        lock (sync)
        {
            consumers.Add(consumer);
        }
    }

    internal void RemoveConsumer(OutgoingMessageEndpoint consumer)
    {
        lock (sync)
        {
            consumers.Remove(consumer);
        }
    }

    /// <summary>Credit granted by a receiver. Mirrors AMQPNetLite's arithmetic: a flow that adds no credit resets it to zero.</summary>
    internal void OnFlow(OutgoingMessageEndpoint consumer, int addedCredit)
    {
        lock (sync)
        {
            consumer.Credit = addedCredit <= 0 ? 0 : consumer.Credit + addedCredit;
            Pump();
            if (consumer.Link.IsDraining)
            {
                consumer.Link.CompleteDrain();
                consumer.Credit = 0;
            }
        }
    }

    /// <summary>
    /// Sends available messages to receivers that have credit, round-robin, in sequence-number order.
    /// Runs under the lock so that each link sees FIFO order; AMQPNetLite sends do not block.
    /// </summary>
    private void Pump()
    {
        while (available.Count > 0 && TryTakeConsumer(out var consumer))
        {
            var (sequenceNumber, stored) = available.First();
            available.Remove(sequenceNumber);
            var message = stored.DecodeForDelivery(stored.DeliveryCount);
            var peekLock = !consumer.Link.SettleOnSend;
            if (peekLock)
            {
                stored.LockToken = Guid.NewGuid();
                stored.LockedUntil = host.TimeProvider.GetUtcNow() + Options.LockDuration;
                stored.State = ServiceBusTestMessageState.Locked;
                locked[stored.LockToken] = stored;
                message.MessageAnnotations[AmqpNames.LockToken] = stored.LockToken;
                message.MessageAnnotations[AmqpNames.LockedUntil] = stored.LockedUntil.UtcDateTime;
            }

            stored.DeliveryCount++;
            consumer.Credit--;
            try
            {
                consumer.Link.SendMessage(message);
            }
            catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException)
            {
                // The link closed between granting credit and this send: put the message back untouched.
                host.Trace($"{Name}: send on closing link failed ({ex.Message}); message {sequenceNumber} stays available");
                consumer.Credit = 0;
                if (peekLock)
                {
                    locked.Remove(stored.LockToken);
                }

                stored.DeliveryCount--;
                stored.State = ServiceBusTestMessageState.Available;
                available[sequenceNumber] = stored;
            }
        }
    }

    private bool TryTakeConsumer([NotNullWhen(true)] out OutgoingMessageEndpoint? consumer)
    {
        for (var i = 0; i < consumers.Count; i++)
        {
            var candidate = consumers[(nextConsumer + i) % consumers.Count];
            if (candidate.Credit > 0 && !candidate.Link.IsClosed)
            {
                nextConsumer = (nextConsumer + i + 1) % consumers.Count;
                consumer = candidate;
                return true;
            }
        }

        consumer = null;
        return false;
    }

    // ---- Settling ------------------------------------------------------------------------------------

    /// <summary>
    /// Applies a receiver's disposition of a delivery and returns the outcome to echo back settled
    /// (receivers use rcv-settle-mode=second and wait for that echo).
    /// </summary>
    internal DeliveryState Settle(Message delivered, DeliveryState? state)
    {
        if (delivered.MessageAnnotations?[AmqpNames.LockToken] is not Guid lockToken)
        {
            return state ?? new Accepted(); // receive-and-delete: the message is already gone
        }

        if (!TrySettle(lockToken, state))
        {
            return LockLostOutcome();
        }

        // Echoing the client's Rejected{com.microsoft:dead-letter} would make it report a failure.
        return state switch
        {
            Rejected => new Rejected(),
            null => new Released(),
            _ => state,
        };
    }

    internal static Rejected LockLostOutcome() => new()
    {
        Error = new Error(AmqpNames.MessageLockLost) { Description = "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue." },
    };

    /// <returns>False when the lock is unknown or has expired.</returns>
    internal bool TrySettle(Guid lockToken, DeliveryState? state)
    {
        lock (sync)
        {
            if (!locked.Remove(lockToken, out var stored))
            {
                return false;
            }

            var now = host.TimeProvider.GetUtcNow();
            if (stored.LockedUntil <= now)
            {
                ReturnAfterDelivery(stored);
                Pump();
                NotifyChanged();
                return false;
            }

            stored.LockToken = Guid.Empty;
            switch (state)
            {
                case Accepted: // CompleteMessageAsync
                    break;
                case Rejected rejected: // DeadLetterMessageAsync: the reason and description travel in the error info
                    DeadLetter(stored, rejected.Error?.Info);
                    break;
                case Modified { UndeliverableHere: true } modified: // DeferMessageAsync
                    stored.SetApplicationProperties(modified.MessageAnnotations);
                    stored.IsDeferred = true;
                    stored.State = ServiceBusTestMessageState.Deferred;
                    deferred[stored.SequenceNumber] = stored;
                    break;
                case Modified modified: // AbandonMessageAsync, with the properties to modify as annotations
                    stored.SetApplicationProperties(modified.MessageAnnotations);
                    ReturnAfterDelivery(stored);
                    break;
                case Released or null:
                    // Not a failed delivery: the client releases messages that reached it after its receive call
                    // had returned (prefetch 0 keeps leftover credit). Undo the delivery count.
                    stored.DeliveryCount--;
                    MakeAvailable(stored);
                    break;
                default:
                    ReturnAfterDelivery(stored);
                    break;
            }

            Pump();
            NotifyChanged();
            return true;
        }
    }

    /// <summary>Puts a delivered message back (abandon, lock expiry), or dead-letters it once MaxDeliveryCount is reached.</summary>
    private void ReturnAfterDelivery(StoredMessage stored)
    {
        stored.LockToken = Guid.Empty;
        if (deadLetterQueue is not null && stored.DeliveryCount >= Options.MaxDeliveryCount)
        {
            DeadLetter(stored, new Fields
            {
                [(Symbol)AmqpNames.DeadLetterReason] = AmqpNames.MaxDeliveryCountExceeded,
                [(Symbol)AmqpNames.DeadLetterErrorDescription] = $"Message could not be consumed after {Options.MaxDeliveryCount} delivery attempts.",
            });
            return;
        }

        MakeAvailable(stored);
    }

    /// <summary>Returns a message to the queue, or to the deferred set if it was deferred.</summary>
    private void MakeAvailable(StoredMessage stored)
    {
        if (stored.IsDeferred)
        {
            stored.State = ServiceBusTestMessageState.Deferred;
            deferred[stored.SequenceNumber] = stored;
        }
        else
        {
            stored.State = ServiceBusTestMessageState.Available;
            available[stored.SequenceNumber] = stored;
        }
    }

    /// <summary>
    /// Moves a message to the dead-letter queue; the info entries (DeadLetterReason, DeadLetterErrorDescription and
    /// any properties to modify) become application properties, which is where the client reads them.
    /// </summary>
    private void DeadLetter(StoredMessage stored, Fields? info)
    {
        if (deadLetterQueue is null)
        {
            // Dead-lettering inside a dead-letter queue: keep the message there, with the new properties.
            stored.SetApplicationProperties(info);
            MakeAvailable(stored);
            return;
        }

        stored.IsDeferred = false;
        stored.SetApplicationProperties(info, deadLetterSource: Name);
        host.Trace($"{Name}: message {stored.SequenceNumber} dead-lettered ({info?[(Symbol)AmqpNames.DeadLetterReason]})");
        deadLetterQueue.AcceptDeadLettered(stored);
    }

    // ---- Timers --------------------------------------------------------------------------------------

    /// <summary>Expires locks and releases scheduled messages whose time has come. Called periodically by the host.</summary>
    internal void Sweep()
    {
        lock (sync)
        {
            var now = host.TimeProvider.GetUtcNow();
            var changedAnything = false;
            if (locked.Count > 0)
            {
                foreach (var (lockToken, stored) in locked.Where(kv => kv.Value.LockedUntil <= now).ToList())
                {
                    host.Trace($"{Name}: lock on message {stored.SequenceNumber} expired");
                    locked.Remove(lockToken);
                    ReturnAfterDelivery(stored);
                    changedAnything = true;
                }
            }

            if (scheduled.Count > 0)
            {
                foreach (var stored in scheduled.Values.Where(m => m.ScheduledEnqueueTime <= now).ToList())
                {
                    scheduled.Remove(stored.SequenceNumber);
                    stored.State = ServiceBusTestMessageState.Available;
                    stored.EnqueuedTime = now;
                    available[stored.SequenceNumber] = stored;
                    changedAnything = true;
                }
            }

            if (changedAnything)
            {
                Pump();
                NotifyChanged();
            }
        }
    }

    // ---- Management operations -----------------------------------------------------------------------

    /// <returns>The new expiry of each lock, or null when one of the locks is lost.</returns>
    internal DateTime[]? RenewLocks(IReadOnlyList<Guid> lockTokens)
    {
        lock (sync)
        {
            var now = host.TimeProvider.GetUtcNow();
            var expirations = new DateTime[lockTokens.Count];
            for (var i = 0; i < lockTokens.Count; i++)
            {
                if (!locked.TryGetValue(lockTokens[i], out var stored) || stored.LockedUntil <= now)
                {
                    return null;
                }

                stored.LockedUntil = now + Options.LockDuration;
                expirations[i] = stored.LockedUntil.UtcDateTime;
            }

            return expirations;
        }
    }

    /// <summary>Encoded copies of up to <paramref name="count"/> messages from <paramref name="fromSequenceNumber"/> on, in any state.</summary>
    internal List<byte[]> Peek(long fromSequenceNumber, int count)
    {
        lock (sync)
        {
            var result = new List<byte[]>();
            foreach (var stored in AllMessages().Where(m => m.SequenceNumber >= fromSequenceNumber).Take(count))
            {
                var message = stored.DecodeForDelivery(stored.DeliveryCount); // a peek reports deliveries so far
                switch (stored.State)
                {
                    case ServiceBusTestMessageState.Deferred:
                        message.MessageAnnotations[AmqpNames.MessageState] = 1;
                        break;
                    case ServiceBusTestMessageState.Scheduled:
                        message.MessageAnnotations[AmqpNames.MessageState] = 2;
                        break;
                    case ServiceBusTestMessageState.Locked:
                        message.MessageAnnotations[AmqpNames.LockedUntil] = stored.LockedUntil.UtcDateTime;
                        break;
                }

                result.Add(AmqpMessages.Encode(message));
            }

            return result;
        }
    }

    /// <summary>
    /// Receives deferred messages by sequence number: locked (peek-lock) or removed (receive-and-delete).
    /// </summary>
    /// <returns>Each encoded message with its lock token (empty for receive-and-delete), or null when one of the
    /// sequence numbers is not a deferred message.</returns>
    internal List<(byte[] Message, Guid LockToken)>? ReceiveDeferred(IReadOnlyList<long> sequenceNumbers, bool peekLock)
    {
        lock (sync)
        {
            if (!sequenceNumbers.All(deferred.ContainsKey))
            {
                return null;
            }

            var now = host.TimeProvider.GetUtcNow();
            var result = new List<(byte[], Guid)>(sequenceNumbers.Count);
            foreach (var sequenceNumber in sequenceNumbers.Distinct())
            {
                if (!deferred.Remove(sequenceNumber, out var stored))
                {
                    continue;
                }

                var message = stored.DecodeForDelivery(stored.DeliveryCount);
                stored.DeliveryCount++;
                if (peekLock)
                {
                    stored.LockToken = Guid.NewGuid();
                    stored.LockedUntil = now + Options.LockDuration;
                    stored.State = ServiceBusTestMessageState.Locked;
                    locked[stored.LockToken] = stored;
                    message.MessageAnnotations[AmqpNames.LockToken] = stored.LockToken;
                    message.MessageAnnotations[AmqpNames.LockedUntil] = stored.LockedUntil.UtcDateTime;
                }

                message.MessageAnnotations[AmqpNames.MessageState] = 1; // deferred
                result.Add((AmqpMessages.Encode(message), stored.LockToken));
            }

            NotifyChanged();
            return result;
        }
    }

    /// <summary>Schedules messages sent through the management link; returns their sequence numbers.</summary>
    internal long[] Schedule(IReadOnlyList<Message> messages)
    {
        lock (sync)
        {
            var now = host.TimeProvider.GetUtcNow();
            var sequenceNumbers = new long[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                // A duplicate gets a number too (it is never used), so that the caller's array stays aligned.
                sequenceNumbers[i] = TryAdmit(messages[i], now, out var sequenceNumber) ? sequenceNumber : nextSequenceNumber++;
            }

            Pump();
            NotifyChanged();
            return sequenceNumbers;
        }
    }

    internal void CancelScheduled(IEnumerable<long> sequenceNumbers)
    {
        lock (sync)
        {
            foreach (var sequenceNumber in sequenceNumbers)
            {
                scheduled.Remove(sequenceNumber);
            }

            NotifyChanged();
        }
    }

    // ---- Helpers -------------------------------------------------------------------------------------

    /// <summary>All messages ordered by sequence number. The caller holds the lock.</summary>
    private IEnumerable<StoredMessage> AllMessages() =>
        available.Values.Concat(locked.Values).Concat(deferred.Values).Concat(scheduled.Values).OrderBy(m => m.SequenceNumber);

    /// <summary>Wakes <see cref="WaitForAsync"/> callers. The caller holds the lock.</summary>
    private void NotifyChanged()
    {
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
