using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Api.Contracts;

/// <summary>A tenant deletion: <c>status</c> is <c>Running</c> until every row is gone, then <c>Completed</c>.</summary>
public sealed record TenantDeletionResponse(string TenantId, string Status, long RowsDeleted, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string StatusUrl)
{
    public static TenantDeletionResponse From(TenantDeletionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.TenantId.Value, job.Completed ? "Completed" : "Running", job.RowsDeleted, job.RequestedAt, job.CompletedAt, Routes.TenantDeletionUrl(job.TenantId));
    }
}
