using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>The read side of one tenant's partition: assessments, latest readiness, history and the tenant's environments.</summary>
public sealed class AssessmentReads(AssessmentTable table, AssessmentRows rows)
{
    /// <summary>One range query: the header and the finding rows of one snapshot, if it has any (never the raw rows).</summary>
    public async Task<StoredAssessment?> GetAssessmentAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken)
    {
        var headerKey = TableKeys.Assessment(snapshotId);
        var filter = $"{PartitionEquals(tenant)} and ({RowEquals(headerKey)} or {RowRange(TableKeys.FindingsPrefix(snapshotId))})";
        TableEntity? header = null;
        var findings = new SortedDictionary<string, Finding>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == headerKey)
            {
                header = entity;
            }
            else if (RowMapping.ReadDocument(entity, "D", StoredJsonContext.Default.Finding) is { } finding)
            {
                findings[entity.RowKey] = finding;
            }
        }

        if (header is null)
        {
            return null;
        }

        var record = RowMapping.ReadHeader(header);
        var result = record.Status == AssessmentStatus.Completed ? RowMapping.ReadResult(header, findings.Values) : null;
        var errors = record.Status == AssessmentStatus.Rejected ? RowMapping.ReadDocument(header, "E", StoredJsonContext.Default.IReadOnlyListValidationError) : null;
        return new StoredAssessment(record, result, errors);
    }

    /// <summary>The stored raw snapshot (gzip), or null.</summary>
    public async Task<byte[]?> GetRawSnapshotAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken) =>
        (await rows.LoadProcessingStateAsync(tenant, snapshotId, environment: null, includeRaw: true, cancellationToken).ConfigureAwait(false)).RawGzip;

    /// <summary>One point read.</summary>
    public async Task<ReadinessSummary?> GetLatestAsync(TenantId tenant, EnvironmentId environment, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(tenant.Value, TableKeys.Latest(environment), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? RowMapping.ReadSummary(entity) : null;
    }

    /// <summary>An environment's assessments, newest snapshot first: one range query per page.</summary>
    public Task<ResultPage<ReadinessSummary>> GetHistoryPageAsync(TenantId tenant, EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        table.PageAsync($"{PartitionEquals(tenant)} and {RowRange(TableKeys.HistoryPrefix(environment))}", pageSize, continuationToken, RowMapping.ReadSummary, cancellationToken);

    /// <summary>Every environment of a tenant with its latest readiness; null when the tenant is unknown. One query.</summary>
    public async Task<IReadOnlyList<ReadinessSummary>?> GetTenantReadinessAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var filter = $"{PartitionEquals(tenant)} and ({RowEquals(TableKeys.TenantMarker)} or {RowRange(TableKeys.LatestPrefix)})";
        var known = false;
        var items = new List<ReadinessSummary>();
        await foreach (var entity in table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == TableKeys.TenantMarker)
            {
                known = true;
            }
            else
            {
                items.Add(RowMapping.ReadSummary(entity));
            }
        }

        return known || items.Count > 0 ? items : null;
    }

    /// <summary>The latest snapshot of every environment of one tenant.</summary>
    public async Task<IReadOnlyList<SnapshotRef>> ListLatestSnapshotsAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var filter = $"{PartitionEquals(tenant)} and {RowRange(TableKeys.LatestPrefix)}";
        var result = new List<SnapshotRef>();
        await foreach (var entity in table.QueryAsync(filter, select: ["EnvironmentId", "SnapshotId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(new SnapshotRef(tenant, EnvironmentId.Parse(entity.GetString("EnvironmentId")), entity.GetGuid("SnapshotId") ?? Guid.Empty));
        }

        return result;
    }
}
