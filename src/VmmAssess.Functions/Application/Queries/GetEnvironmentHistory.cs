using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>An environment's assessments, newest snapshot first, one page at a time, each with the digest of its comparison.</summary>
public sealed class GetEnvironmentHistory(AssessmentReads reads)
{
    public async Task<ResultPage<HistoryEntry>> ExecuteAsync(TenantId tenant, EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await reads.GetHistoryEntriesPageAsync(tenant, environment, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 0 && continuationToken is null ? throw GetEnvironmentReadiness.NoAssessment(tenant, environment) : page;
    }
}
