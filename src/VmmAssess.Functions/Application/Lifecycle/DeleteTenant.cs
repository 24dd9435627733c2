using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>
/// Offboards a tenant: records a deletion job, removes the tenant from the portfolio and deletes a first bounded step of
/// its partition in the request; the healing sweeper (<see cref="ContinueTenantDeletions"/>) finishes the rest in
/// bounded batches. Idempotent: a pending job is continued, a finished one started again (which deletes what arrived since).
/// </summary>
public sealed class DeleteTenant(LifecycleRows lifecycle, TimeProvider time)
{
    /// <summary>Rows deleted within the request before it answers 202.</summary>
    public const int RowsPerRequest = 1000;

    public async Task<TenantDeletionJob> ExecuteAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await lifecycle.StartTenantDeletionAsync(tenant, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await lifecycle.ContinueTenantDeletionAsync(tenant, RowsPerRequest, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
