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
        return new StoredAssessment(record, result, errors, record.Status == AssessmentStatus.Completed ? DeltaColumns.ReadDelta(header) : null);
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

    /// <summary>An environment's history entries (readiness and comparison digest), newest snapshot first: one range query per page.</summary>
    public Task<ResultPage<HistoryEntry>> GetHistoryEntriesPageAsync(TenantId tenant, EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        table.PageAsync($"{PartitionEquals(tenant)} and {RowRange(TableKeys.HistoryPrefix(environment))}", pageSize, continuationToken,
            e => new HistoryEntry(RowMapping.ReadSummary(e), DeltaColumns.ReadDigest(e)), cancellationToken);

    /// <summary>
    /// The completed assessment an assessment of <paramref name="environment"/> collected at <paramref name="collectedAt"/>
    /// is compared with: the latest collected strictly before it (ties among those go to the greater snapshot id, as
    /// for the latest readiness). One range query over the history rows after its own time (they are newest first).
    /// </summary>
    public async Task<Guid?> FindPreviousSnapshotAsync(TenantId tenant, EnvironmentId environment, DateTimeOffset collectedAt, CancellationToken cancellationToken)
    {
        var older = TableKeys.HistoryBefore(environment, collectedAt);
        var filter = $"{PartitionEquals(tenant)} and RowKey ge '{older}' and RowKey lt '{TableKeys.RangeEnd(TableKeys.HistoryPrefix(environment))}'";
        string? time = null;
        Guid? previous = null;
        await foreach (var entity in table.QueryAsync(filter, select: ["RowKey", "SnapshotId"], maxPerPage: 10, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Row keys are h|{environment}|{inverted ticks}|{snapshot id}: the first time seen is the latest before, and its
            // snapshots follow in ascending id order, so the last of them is the greatest.
            var rowTime = entity.RowKey[..entity.RowKey.LastIndexOf('|')];
            if (time is not null && rowTime != time)
            {
                break;
            }

            time = rowTime;
            previous = entity.GetGuid("SnapshotId");
        }

        return previous;
    }

    /// <summary>The environment's assessments whose stored comparison names <paramref name="previousId"/> as the
    /// assessment before them (their history rows' digest). One query over the environment's history.</summary>
    public async Task<IReadOnlyList<Guid>> FindComparedWithAsync(TenantId tenant, EnvironmentId environment, Guid previousId, CancellationToken cancellationToken)
    {
        var found = new List<Guid>();
        var filter = $"{PartitionEquals(tenant)} and {RowRange(TableKeys.HistoryPrefix(environment))}";
        await foreach (var entity in table.QueryAsync(filter, select: ["RowKey", "SnapshotId", DeltaColumns.DigestColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (DeltaColumns.ReadDigest(entity)?.SnapshotBefore == previousId && entity.GetGuid("SnapshotId") is { } id)
            {
                found.Add(id);
            }
        }

        return found;
    }

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
