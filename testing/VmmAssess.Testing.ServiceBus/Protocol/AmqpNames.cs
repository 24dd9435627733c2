using Amqp.Types;

namespace VmmAssess.Testing.ServiceBus.Protocol;

/// <summary>The Service Bus dialect of AMQP 1.0 that the Azure.Messaging.ServiceBus client speaks.</summary>
internal static class AmqpNames
{
    /// <summary>Message format of a batched send: the body is one data section per message, each an encoded AMQP message.</summary>
    public const uint BatchMessageFormat = 0x80013700;

    /// <summary>The only SASL mechanism the client offers; real authentication happens through the $cbs node.</summary>
    public const string CbsSaslMechanism = "MSSBCBS";

    public const string CbsAddress = "$cbs";
    public const string ManagementSuffix = "/$management";
    public const string DeadLetterQueueSuffix = "/$DeadLetterQueue";

    // Message annotations set by the broker.
    public static readonly Symbol SequenceNumber = "x-opt-sequence-number";
    public static readonly Symbol EnqueuedTime = "x-opt-enqueued-time";
    public static readonly Symbol LockedUntil = "x-opt-locked-until";
    public static readonly Symbol LockToken = "x-opt-lock-token";
    public static readonly Symbol DeadLetterSource = "x-opt-deadletter-source";
    public static readonly Symbol MessageState = "x-opt-message-state";

    // Message annotation set by the sender.
    public static readonly Symbol ScheduledEnqueueTime = "x-opt-scheduled-enqueue-time";

    // Application properties written when a message is dead-lettered.
    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    // Error conditions.
    public static readonly Symbol DeadLetterCondition = "com.microsoft:dead-letter";
    public static readonly Symbol MessageLockLost = "com.microsoft:message-lock-lost";
    public const string NotImplemented = "com.microsoft:not-implemented";
    public const string MessageNotFound = "com.microsoft:message-not-found";

    // Management operations (request application property "operation").
    public const string RenewLockOperation = "com.microsoft:renew-lock";
    public const string PeekMessageOperation = "com.microsoft:peek-message";
    public const string UpdateDispositionOperation = "com.microsoft:update-disposition";
    public const string ScheduleMessageOperation = "com.microsoft:schedule-message";
    public const string CancelScheduledMessageOperation = "com.microsoft:cancel-scheduled-message";
    public const string ReceiveBySequenceNumberOperation = "com.microsoft:receive-by-sequence-number";
}
