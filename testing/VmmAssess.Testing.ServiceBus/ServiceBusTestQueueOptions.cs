namespace VmmAssess.Testing.ServiceBus;

/// <summary>
/// Settings of one queue of a <see cref="ServiceBusTestHost"/>. The defaults are those of a Standard-tier
/// Service Bus queue created without overrides, except where noted.
/// </summary>
public sealed class ServiceBusTestQueueOptions
{
    /// <summary>The default <see cref="MaxMessageSizeBytes"/>: 256 KiB, the Standard-tier limit.</summary>
    public const int StandardTierMaxMessageSizeBytes = 256 * 1024;

    /// <summary>Creates the options of the queue called <paramref name="name"/>.</summary>
    /// <param name="name">The queue name, as the client addresses it (compared case-insensitively).</param>
    public ServiceBusTestQueueOptions(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim('/');
        if (trimmed.Length == 0 || trimmed.Contains('$', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid queue name for the test host.", nameof(name));
        }

        Name = trimmed;
    }

    /// <summary>The queue name.</summary>
    public string Name { get; }

    /// <summary>
    /// How many times a message is delivered before it is moved to the dead-letter queue with reason
    /// <c>MaxDeliveryCountExceeded</c> (abandon, lock expiry). Default 10, like Service Bus.
    /// </summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>
    /// How long a peek-lock delivery stays locked. Default 60 s, like Service Bus. Shorter values than
    /// the service allows (5 s) are accepted so that tests of lock expiry can be fast.
    /// </summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest message, or batch of messages, that one send may carry. It is advertised on send links as
    /// the AMQP <c>max-message-size</c> (the client sizes <c>ServiceBusMessageBatch</c> from it and refuses
    /// larger messages itself), and a larger transfer that reaches the host anyway is rejected with
    /// <c>amqp:link:message-size-exceeded</c>. Default 256 KiB (Standard tier).
    /// </summary>
    public int MaxMessageSizeBytes { get; init; } = StandardTierMaxMessageSizeBytes;

    /// <summary>
    /// When true, a message whose MessageId was already accepted by this queue within
    /// <see cref="DuplicateDetectionHistoryTimeWindow"/> is acknowledged to the sender but dropped.
    /// Default false, like Service Bus.
    /// </summary>
    public bool RequiresDuplicateDetection { get; init; }

    /// <summary>How long accepted MessageIds are remembered for duplicate detection. Default 10 minutes, like Service Bus.</summary>
    public TimeSpan DuplicateDetectionHistoryTimeWindow { get; init; } = TimeSpan.FromMinutes(10);

    internal void Validate()
    {
        if (MaxDeliveryCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDeliveryCount), MaxDeliveryCount, $"Queue '{Name}': MaxDeliveryCount must be at least 1.");
        }

        if (LockDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockDuration), LockDuration, $"Queue '{Name}': LockDuration must be positive.");
        }

        // The client refuses to create a batch smaller than its own overhead (24 bytes).
        if (MaxMessageSizeBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSizeBytes), MaxMessageSizeBytes, $"Queue '{Name}': MaxMessageSizeBytes must be at least 1024.");
        }

        if (DuplicateDetectionHistoryTimeWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateDetectionHistoryTimeWindow), DuplicateDetectionHistoryTimeWindow, $"Queue '{Name}': DuplicateDetectionHistoryTimeWindow must be positive.");
        }
    }
}
