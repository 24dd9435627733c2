using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Administration;

/// <summary>Queues a new assessment of a stored snapshot with the current rules; one pending rerun per snapshot and
/// rule pack (the message id carries both, so Service Bus drops repeats within its duplicate-detection window).</summary>
public sealed class RerunAssessment(AssessmentRows rows, SnapshotQueueClient queue)
{
    public async Task<SnapshotReceipt> ExecuteAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken)
    {
        var state = await rows.LoadProcessingStateAsync(tenant, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false);
        if (state.Header is not { } header)
        {
            throw new NotFoundException($"Tenant '{tenant}' has no assessment {snapshotId:D}.");
        }

        if (header.RawRows == 0)
        {
            throw new ConflictException($"The raw snapshot {snapshotId:D} is not stored, so it cannot be assessed again.");
        }

        var environment = EnvironmentId.TryParse(header.EnvironmentId, out var env) ? env : (EnvironmentId?)null;
        var messageId = SnapshotEnvelope.DeduplicatedRerunMessageId(snapshotId, AssessmentEvaluator.Default.Catalog.RulePackVersion);
        await queue.SendRerunAsync(new SnapshotRef(tenant, environment, snapshotId), messageId, cancellationToken).ConfigureAwait(false);
        return new SnapshotReceipt(tenant, snapshotId, header.EnvironmentId ?? "", header.Status, Replayed: false);
    }
}
