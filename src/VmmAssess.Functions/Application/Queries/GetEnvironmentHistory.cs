using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>An environment's assessments, newest snapshot first, one page at a time.</summary>
public sealed class GetEnvironmentHistory(AssessmentReads reads)
{
    public async Task<ResultPage<ReadinessSummary>> ExecuteAsync(TenantId tenant, EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await reads.GetHistoryPageAsync(tenant, environment, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 0 && continuationToken is null ? throw GetEnvironmentReadiness.NoAssessment(tenant, environment) : page;
    }
}
