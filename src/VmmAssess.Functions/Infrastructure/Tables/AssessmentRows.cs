using System.Text;
using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>The stored state of one snapshot, read before processing it.</summary>
public sealed record ProcessingState
{
    public AssessmentRecord? Header { get; init; }
    public byte[]? RawGzip { get; init; }

    /// <summary>How many finding rows (<c>a|{id}|f|{n}</c>) the stored assessment has: one per finding in stored layout
    /// v1, none in v2 (the findings are in the header's result document).</summary>
    internal int StoredFindingRows { get; init; }
    public ReadinessSummary? Latest { get; init; }
    internal ETag LatestETag { get; init; }

    /// <summary>The tenant's waivers that are not revoked (loaded with the environment's latest readiness, in the same
    /// query); expired ones are left out by the as-of time they are applied at.</summary>
    public IReadOnlyList<WaiverRecord> Waivers { get; init; } = [];
}

/// <summary>An invalid snapshot to keep: its errors and raw payload, under its tenant or unattributed when it names none.</summary>
public sealed record RejectedAssessment(
    TenantId? TenantId,
    Guid SnapshotId,
    string? EnvironmentId,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<ValidationError> Errors,
    byte[] RawGzip,
    string ContentHash)
{
    public string Partition => TenantId?.Value ?? TableKeys.UnattributedPartition;
}

/// <summary>
/// The processing rows of one snapshot: header (<c>a|{id}</c>), findings (<c>a|{id}|f|{n}</c>), raw snapshot
/// (<c>a|{id}|r|{n}</c>), history (<c>h|…</c>) and the environment's latest readiness (<c>l|{environment}</c>, ETag-guarded).
/// All writes of one step go in one entity-group transaction, so redelivery replays the same upserts.
/// </summary>
public sealed class AssessmentRows(AssessmentTable table)
{
    /// <summary>One query: the header, optionally the raw snapshot rows, and the environment's latest readiness.</summary>
    public async Task<ProcessingState> LoadProcessingStateAsync(string partition, Guid snapshotId, EnvironmentId? environment, bool includeRaw, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder(PartitionEquals(partition)).Append(" and (").Append(RowEquals(TableKeys.Assessment(snapshotId)));
        if (includeRaw)
        {
            filter.Append(" or ").Append(RowRange(TableKeys.RawPrefix(snapshotId)));
        }

        if (environment is { } env)
        {
            filter.Append(" or ").Append(RowEquals(TableKeys.Latest(env)));
            filter.Append(" or (").Append(RowRange(TableKeys.WaiverPrefix)).Append(" and ").Append(WaiverRows.NotRevoked).Append(')');
        }

        filter.Append(')');
        AssessmentRecord? header = null;
        var storedFindingRows = 0;
        ReadinessSummary? latest = null;
        ETag latestETag = default;
        var raw = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        var waivers = new List<WaiverRecord>();
        await foreach (var entity in table.QueryAsync(filter.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey.StartsWith(TableKeys.LatestPrefix, StringComparison.Ordinal))
            {
                latest = RowMapping.ReadSummary(entity);
                latestETag = entity.ETag;
            }
            else if (entity.RowKey.StartsWith(TableKeys.RawPrefix(snapshotId), StringComparison.Ordinal))
            {
                raw[entity.RowKey] = entity;
            }
            else if (entity.RowKey.StartsWith(TableKeys.WaiverPrefix, StringComparison.Ordinal))
            {
                waivers.Add(WaiverRows.Read(entity));
            }
            else
            {
                header = RowMapping.ReadHeader(entity);
                storedFindingRows = RowMapping.FindingRowsOf(entity);
            }
        }

        var rawGzip = includeRaw && header is { RawRows: > 0 } && raw.Count == header.RawRows ? Concatenate(raw.Values, header.RawGzipBytes, partition, snapshotId) : null;
        return new ProcessingState { Header = header, RawGzip = rawGzip, StoredFindingRows = storedFindingRows, Latest = latest, LatestETag = latestETag, Waivers = waivers };
    }

    public Task<ProcessingState> LoadProcessingStateAsync(TenantId tenant, Guid snapshotId, EnvironmentId? environment, bool includeRaw, CancellationToken cancellationToken) =>
        LoadProcessingStateAsync(tenant.Value, snapshotId, environment, includeRaw, cancellationToken);

    /// <summary>
    /// Writes a completed assessment: header, findings, history, tenant marker and, when it supersedes the stored one,
    /// the environment's latest readiness (ETag-guarded), all in one entity-group transaction (raw snapshot rows go
    /// in earlier transactions only when they do not fit). Returns whether the latest readiness is this assessment's.
    /// Throws <see cref="ConcurrencyException"/> when another instance changed the environment meanwhile: reload and retry.
    /// <paramref name="changes"/>, the comparison with the previous assessment, is stored apart (<see cref="DeltaColumns"/>).
    /// </summary>
    public async Task<bool> SaveCompletedAsync(
        AssessmentResult result, ReadinessSummary summary, ProcessingState state, string contentHash, byte[]? rawGzipToStore, DateTimeOffset receivedAt, AssessmentDelta? changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(state);
        var tenant = summary.TenantId;
        var partition = tenant.Value;

        var leading = new List<TableTransactionAction>();
        var rawRows = state.Header?.RawRows ?? 0;
        var rawBytes = state.Header?.RawGzipBytes ?? 0;
        if (rawGzipToStore is not null)
        {
            leading.AddRange(RowMapping.RawRows(partition, result.SnapshotId, rawGzipToStore, out rawRows));
            rawBytes = rawGzipToStore.Length;
            for (var i = rawRows; i < (state.Header?.RawRows ?? 0); i++)
            {
                leading.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.RawChunk(result.SnapshotId, i)), ETag.All));
            }
        }

        var header = RowMapping.Header(partition, result.SnapshotId, summary.EnvironmentId.Value, AssessmentStatus.Completed, state.Header?.ReceivedAt ?? receivedAt, contentHash, rawRows, rawBytes, result.Findings.Count);
        header["CollectedAt"] = result.CollectedAt;
        header["AssessedAt"] = result.AssessedAt;
        header["RulePackVersion"] = result.RulePackVersion;
        header["Readiness"] = result.Readiness.ToString();
        header["TargetVersion"] = RowMapping.TargetText(result.TargetVersion);
        header["Coverage"] = result.Coverage;
        DeltaColumns.WriteDelta(header, changes); // first: the result goes to finding rows when both do not fit one entity
        var findingRows = RowMapping.WriteResult(header, result with { Changes = null });

        var findings = new List<TableTransactionAction>(findingRows.Count);
        foreach (var row in findingRows)
        {
            findings.Add(new(TableTransactionActionType.UpsertReplace, row));
        }

        // Finding rows of the stored assessment (layout v1, or a larger result) beyond this one's: removed with it.
        for (var i = findingRows.Count; i < state.StoredFindingRows; i++)
        {
            findings.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.Finding(result.SnapshotId, i)), ETag.All));
        }

        var final = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, header),
            new(TableTransactionActionType.UpsertReplace, DeltaColumns.WriteDigest(RowMapping.WriteSummary(new TableEntity(partition, TableKeys.History(summary.EnvironmentId, result.CollectedAt, result.SnapshotId)) { ["Kind"] = "history" }, summary), changes)),
            new(TableTransactionActionType.UpsertReplace, RowMapping.TenantMarker(tenant)),
        };
        var replacesLatest = summary.Supersedes(state.Latest) && !summary.SameAs(state.Latest);
        if (replacesLatest)
        {
            var latest = RowMapping.WriteSummary(new TableEntity(partition, TableKeys.Latest(summary.EnvironmentId)) { ["Kind"] = "latest" }, summary);
            final.Add(state.Latest is null
                ? new TableTransactionAction(TableTransactionActionType.Add, latest)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, latest, state.LatestETag));
        }

        // Findings go with the header when they fit, so a reader never sees a Completed header without its findings.
        if (Fits([.. final, .. findings]))
        {
            final.InsertRange(0, findings);
        }
        else
        {
            leading.AddRange(findings);
        }

        try
        {
            await table.SubmitAsync(leading, final, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // 404: a row this write deletes was deleted by another instance meanwhile; reload and retry like a conflict.
            throw new ConcurrencyException($"The latest readiness of {tenant}/{summary.EnvironmentId} changed meanwhile.", ex);
        }

        return replacesLatest || summary.SameAs(state.Latest);
    }

    /// <summary>
    /// Re-writes the environment's latest readiness row unchanged, guarded by the ETag it was loaded with: a processing
    /// instance that loaded the latest (and the waivers) before a waiver changed then fails its own ETag check and
    /// reloads, so it cannot store a readiness that misses the change. Throws <see cref="ConcurrencyException"/>.
    /// </summary>
    public async Task TouchLatestAsync(TenantId tenant, EnvironmentId environment, ProcessingState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Latest is null)
        {
            return;
        }

        try
        {
            await table.Client.UpdateEntityAsync(new TableEntity(tenant.Value, TableKeys.Latest(environment)), state.LatestETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new ConcurrencyException($"The latest readiness of {tenant}/{environment} changed meanwhile.", ex);
        }
    }

    /// <summary>Stores a Rejected assessment with its validation errors and the raw payload (gzip).</summary>
    public async Task SaveRejectedAsync(RejectedAssessment rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var leading = RowMapping.RawRows(rejected.Partition, rejected.SnapshotId, rejected.RawGzip, out var rawRows);
        var header = RowMapping.Header(rejected.Partition, rejected.SnapshotId, rejected.EnvironmentId, AssessmentStatus.Rejected, rejected.ReceivedAt, rejected.ContentHash, rawRows, rejected.RawGzip.Length, findingCount: 0);
        RowMapping.WriteDocument(header, "E", rejected.Errors, StoredJsonContext.Default.IReadOnlyListValidationError);
        var final = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, header) };
        if (rejected.TenantId is { } tenant)
        {
            final.Add(new(TableTransactionActionType.UpsertReplace, RowMapping.TenantMarker(tenant)));
        }

        await table.SubmitAsync(leading, final, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Concatenate(IEnumerable<TableEntity> rows, long length, string partition, Guid snapshotId)
    {
        var rawGzip = new byte[length];
        var offset = 0;
        foreach (var row in rows)
        {
            var part = BinaryColumns.Read(row, "D") ?? [];
            part.CopyTo(rawGzip, offset);
            offset += part.Length;
        }

        return offset == rawGzip.Length
            ? rawGzip
            : throw new InvalidDataException($"The raw snapshot {snapshotId} of {partition} is incomplete ({offset} of {rawGzip.Length} bytes).");
    }
}
