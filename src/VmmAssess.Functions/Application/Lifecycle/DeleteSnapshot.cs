using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>Deletes one snapshot and everything derived from it; the environment's latest readiness and the portfolio
/// are recomputed from what remains. Idempotent: deleting an absent snapshot deletes nothing.</summary>
public sealed class DeleteSnapshot(LifecycleRows lifecycle)
{
    public Task<int> ExecuteAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken) =>
        lifecycle.DeleteSnapshotAsync(tenant, snapshotId, cancellationToken);
}
