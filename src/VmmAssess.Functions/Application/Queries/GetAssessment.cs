using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>One snapshot's assessment: its status and its result or errors.</summary>
public sealed class GetAssessment(AssessmentReads reads)
{
    public async Task<StoredAssessment> ExecuteAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken) =>
        await reads.GetAssessmentAsync(tenant, snapshotId, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"Tenant '{tenant}' has no assessment {snapshotId:D}.");
}
