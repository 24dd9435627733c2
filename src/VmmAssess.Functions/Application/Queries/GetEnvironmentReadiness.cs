using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>An environment's latest readiness.</summary>
public sealed class GetEnvironmentReadiness(AssessmentReads reads)
{
    public async Task<ReadinessSummary> ExecuteAsync(TenantId tenant, EnvironmentId environment, CancellationToken cancellationToken) =>
        await reads.GetLatestAsync(tenant, environment, cancellationToken).ConfigureAwait(false)
        ?? throw NoAssessment(tenant, environment);

    internal static NotFoundException NoAssessment(TenantId tenant, EnvironmentId environment) =>
        new($"Tenant '{tenant}' has no completed assessment of environment '{environment}'.");
}
