using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>Advances every pending tenant deletion by bounded steps until done or the time budget is spent; returns the rows deleted.</summary>
public sealed class ContinueTenantDeletions(LifecycleRows lifecycle, TimeProvider time)
{
    public const int RowsPerStep = 1000;

    public async Task<long> ExecuteAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        long deleted = 0;
        foreach (var tenant in await lifecycle.ListPendingTenantDeletionsAsync(cancellationToken).ConfigureAwait(false))
        {
            TenantDeletionJob job;
            do
            {
                var before = (await lifecycle.GetTenantDeletionAsync(tenant, cancellationToken).ConfigureAwait(false))?.RowsDeleted ?? 0;
                job = await lifecycle.ContinueTenantDeletionAsync(tenant, RowsPerStep, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                deleted += job.RowsDeleted - before;
            }
            while (!job.Completed && time.GetElapsedTime(started) < budget);
        }

        return deleted;
    }
}
