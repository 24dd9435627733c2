using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Administration;

/// <summary>Queues a new assessment of every environment's latest snapshot (of one tenant, or of all); returns how many.</summary>
public sealed class ReassessEnvironments(AssessmentReads reads, PortfolioProjection portfolio, SnapshotQueueClient queue, TimeProvider time)
{
    public async Task<int> ExecuteAsync(TenantId? tenant, CancellationToken cancellationToken)
    {
        var latest = tenant is { } one
            ? await reads.ListLatestSnapshotsAsync(one, cancellationToken).ConfigureAwait(false)
            : await portfolio.ListLatestSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        if (tenant is { } known && latest.Count == 0 && await reads.GetTenantReadinessAsync(known, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new NotFoundException($"Tenant '{known}' is not known.");
        }

        await queue.SendRerunsAsync(latest, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return latest.Count;
    }
}
