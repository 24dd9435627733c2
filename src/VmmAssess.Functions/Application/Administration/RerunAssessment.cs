using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Administration;

/// <summary>Queues a new assessment of a stored snapshot with the current rules; one pending rerun per snapshot and
/// rule pack (the message id carries both, so Service Bus drops repeats within its duplicate-detection window).</summary>
public sealed class RerunAssessment(AssessmentRows rows, SnapshotQueueClient queue)
{
    public async Task<SnapshotReceipt> ExecuteAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken)
    {
        var header = (await rows.LoadProcessingStateAsync(tenant, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false)).Header
            ?? throw new NotFoundException($"Tenant '{tenant}' has no assessment {snapshotId:D}.");
        if (header.RawRows == 0)
        {
            throw new ConflictException($"The raw snapshot {snapshotId:D} is not stored, so it cannot be assessed again.");
        }

        await QueueAsync(tenant, snapshotId, header, SnapshotEnvelope.DeduplicatedRerunMessageId(snapshotId, AssessmentEvaluator.Default.Catalog.RulePackVersion), cancellationToken).ConfigureAwait(false);
        return new SnapshotReceipt(tenant, snapshotId, header.EnvironmentId ?? "", header.Status, Replayed: false);
    }

    /// <summary>
    /// Assesses <paramref name="snapshotId"/> again because <paramref name="deletedSnapshotId"/>, the assessment its
    /// comparison names, was deleted: the rerun compares it with what precedes it now. False (nothing queued) when the
    /// assessment or its raw copy is gone; its comparison then stays as stored.
    /// </summary>
    public async Task<bool> RecompareAsync(TenantId tenant, Guid snapshotId, Guid deletedSnapshotId, CancellationToken cancellationToken)
    {
        var header = (await rows.LoadProcessingStateAsync(tenant, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false)).Header;
        if (header is not { RawRows: > 0 })
        {
            return false;
        }

        await QueueAsync(tenant, snapshotId, header, SnapshotEnvelope.RecompareMessageId(snapshotId, deletedSnapshotId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Task QueueAsync(TenantId tenant, Guid snapshotId, AssessmentRecord header, string messageId, CancellationToken cancellationToken)
    {
        var environment = EnvironmentId.TryParse(header.EnvironmentId, out var env) ? env : (EnvironmentId?)null;
        return queue.SendRerunAsync(new SnapshotRef(tenant, environment, snapshotId), messageId, cancellationToken);
    }
}
