using System.Globalization;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Messaging;

/// <summary>Sends snapshot and claim-check messages to the snapshot queue (the one ServiceBusClient of the app).</summary>
public sealed class SnapshotSender : IAsyncDisposable
{
    private readonly ServiceBusSender sender;
    private readonly int maxMessageBytes;

    public SnapshotSender(ServiceBusClient client, IOptions<QueueOptions> queue, IOptions<AssessmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);
        QueueName = queue.Value.SnapshotQueueName;
        sender = client.CreateSender(QueueName);
        maxMessageBytes = options.Value.MaxMessageBytes;
    }

    public string QueueName { get; }

    /// <summary>
    /// Sends a stored snapshot: gzip body when it fits <c>Assessment__MaxMessageBytes</c>, else a claim-check.
    /// MessageId = snapshot id, so Service Bus duplicate detection drops a repeated send.
    /// Returns true when a claim-check was sent.
    /// </summary>
    public async Task<bool> SendSnapshotAsync(string tenantId, Guid snapshotId, string environmentId, byte[] gzipBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gzipBody);
        var claimCheck = gzipBody.Length + SnapshotMessages.EnvelopeAllowanceBytes > maxMessageBytes;
        var message = claimCheck
            ? ClaimCheckMessage(tenantId, snapshotId, environmentId, snapshotId.ToString("D"), rerun: false)
            : new ServiceBusMessage(gzipBody)
            {
                MessageId = snapshotId.ToString("D"),
                ContentType = SnapshotMessages.JsonContentType,
                ApplicationProperties =
                {
                    [SnapshotMessages.ContentEncodingProperty] = "gzip",
                    [SnapshotMessages.TenantIdProperty] = tenantId,
                    [SnapshotMessages.EnvironmentIdProperty] = environmentId,
                    [SnapshotMessages.SnapshotIdProperty] = snapshotId.ToString("D"),
                },
            };
        await sender.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        return claimCheck;
    }

    /// <summary>Asks for a new assessment of stored snapshots (rerun, reassess); a distinct MessageId per request.</summary>
    public async Task SendRerunsAsync(IReadOnlyList<LatestSnapshotRef> snapshots, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var stamp = requestedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var pending = new Queue<ServiceBusMessage>(snapshots.Select(s =>
            ClaimCheckMessage(s.TenantId, s.SnapshotId, string.IsNullOrEmpty(s.EnvironmentId) ? null : s.EnvironmentId, $"{s.SnapshotId:D}:rerun:{stamp}", rerun: true)));
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

    /// <summary>
    /// Sends a copy of a dead-lettered message back to the queue, with its own MessageId when
    /// <paramref name="keepMessageId"/>, else with <c>{id}:replay:{sequenceNumber}</c>. Returns the id sent.
    /// </summary>
    /// <remarks>The caller decides: while the original id is inside the queue's duplicate-detection window, Service
    /// Bus acknowledges a copy with the same id and silently drops it.</remarks>
    public async Task<string> ResendAsync(ServiceBusReceivedMessage original, bool keepMessageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        var messageId = keepMessageId ? original.MessageId : ReplayMessageId(original.MessageId, original.SequenceNumber);
        var copy = new ServiceBusMessage(original) { MessageId = messageId };
        copy.ApplicationProperties.Remove("DeadLetterReason");
        copy.ApplicationProperties.Remove("DeadLetterErrorDescription");
        await sender.SendMessageAsync(copy, cancellationToken).ConfigureAwait(false);
        return messageId;
    }

    /// <summary>The id of a replayed copy: the original id (without an earlier replay suffix) and the sequence number.</summary>
    public static string ReplayMessageId(string messageId, long sequenceNumber)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var marker = messageId.IndexOf(ReplayMarker, StringComparison.Ordinal);
        var original = marker < 0 ? messageId : messageId[..marker];
        var suffix = ReplayMarker + sequenceNumber.ToString(CultureInfo.InvariantCulture);
        return (original.Length + suffix.Length <= MaxMessageIdLength ? original : original[..(MaxMessageIdLength - suffix.Length)]) + suffix;
    }

    private const string ReplayMarker = ":replay:";

    private const int MaxMessageIdLength = 128;

    public ValueTask DisposeAsync() => sender.DisposeAsync();

    private static ServiceBusMessage ClaimCheckMessage(string tenantId, Guid snapshotId, string? environmentId, string messageId, bool rerun)
    {
        var message = new ServiceBusMessage(JsonSerializer.SerializeToUtf8Bytes(new ClaimCheck(tenantId, snapshotId, environmentId), ApiJsonContext.Default.ClaimCheck))
        {
            MessageId = messageId,
            ContentType = SnapshotMessages.ClaimCheckContentType,
            ApplicationProperties =
            {
                [SnapshotMessages.TenantIdProperty] = tenantId,
                [SnapshotMessages.SnapshotIdProperty] = snapshotId.ToString("D"),
            },
        };
        if (environmentId is not null)
        {
            message.ApplicationProperties[SnapshotMessages.EnvironmentIdProperty] = environmentId;
        }

        if (rerun)
        {
            message.ApplicationProperties[SnapshotMessages.RerunProperty] = "true";
        }

        return message;
    }
}
