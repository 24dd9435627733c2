using VmmAssess.Functions.Application.Administration;
using VmmAssess.Functions.Application.Waivers;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>Deletes one snapshot and everything derived from it; the environment's latest readiness and the portfolio
/// are recomputed from what remains, and the tenant's waivers are re-applied to the assessment that is now the latest
/// (it carries the waivers of its own time). An assessment whose comparison named the deleted one is assessed again
/// (queued), so its changes compare with what precedes it now. Idempotent: deleting an absent snapshot deletes nothing.</summary>
public sealed class DeleteSnapshot(LifecycleRows lifecycle, AssessmentRows rows, AssessmentReads reads, ReapplyWaivers reapply, RerunAssessment rerun)
{
    public async Task<int> ExecuteAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken)
    {
        var header = (await rows.LoadProcessingStateAsync(tenant, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false)).Header;
        var deleted = await lifecycle.DeleteSnapshotAsync(tenant, snapshotId, cancellationToken).ConfigureAwait(false);
        if (header is { Status: AssessmentStatus.Completed } && EnvironmentId.TryParse(header.EnvironmentId, out var environment))
        {
            await reapply.ExecuteAsync(tenant, [environment], cancellationToken).ConfigureAwait(false);
            foreach (var later in await reads.FindComparedWithAsync(tenant, environment, snapshotId, cancellationToken).ConfigureAwait(false))
            {
                await rerun.RecompareAsync(tenant, later, snapshotId, cancellationToken).ConfigureAwait(false);
            }
        }

        return deleted;
    }
}
