using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Access;

/// <summary>Who did what, to which tenant, when: every write and every administrative action.</summary>
public sealed class AuditLog(AccessRows rows)
{
    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken) => rows.AppendAuditAsync(entry, cancellationToken);

    public Task<ResultPage<AuditEntry>> ReadAsync(TenantId? tenant, DateTimeOffset? from, DateTimeOffset? to, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        rows.GetAuditPageAsync(tenant, from, to, pageSize, continuationToken, cancellationToken);
}
