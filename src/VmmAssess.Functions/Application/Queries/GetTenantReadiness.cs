using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>A tenant's environments with their latest readiness, and their totals.</summary>
public sealed record TenantReadiness(TenantId TenantId, ReadinessTotals Totals, IReadOnlyList<ReadinessSummary> Environments);

public sealed class GetTenantReadiness(AssessmentReads reads)
{
    public async Task<TenantReadiness> ExecuteAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var items = await reads.GetTenantReadinessAsync(tenant, cancellationToken).ConfigureAwait(false)
                    ?? throw new NotFoundException($"Tenant '{tenant}' is not known.");
        return new TenantReadiness(tenant, ReadinessTotals.Count(r => items.Count(i => i.Readiness == r)), items);
    }
}
