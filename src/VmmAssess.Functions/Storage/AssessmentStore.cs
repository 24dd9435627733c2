using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Configuration;

namespace VmmAssess.Functions.Storage;

/// <summary>
/// Every Table Storage read and write of the app, in one table (see docs/architecture.md, "Storage design").
/// <list type="bullet">
/// <item>Partition = tenant id. Row keys: <c>a|{snapshotId}</c> assessment header (status, summary),
/// <c>a|{snapshotId}|f|{n}</c> findings, <c>a|{snapshotId}|r|{n}</c> raw snapshot (gzip, chunked),
/// <c>l|{environmentId}</c> latest readiness (ETag-guarded), <c>h|{environmentId}|{inverted collectedAt}|{snapshotId}</c>
/// history (newest first), <c>k|{idempotencyKey}</c> webhook idempotency keys, <c>~tenant</c> tenant marker.</item>
/// <item>Partition <c>~portfolio</c>: one index row per environment and filter value (<c>all|</c>, <c>r|{readiness}|</c>,
/// <c>v|{target}|</c>, <c>rv|{readiness}|{target}|</c>, <c>f|{ruleId}|</c>), each followed by <c>{tenant}|{environment}</c>,
/// so a filtered page is one range read; the <c>~totals|xx</c> shards count environments by readiness.</item>
/// </list>
/// All writes of one step go in one entity-group transaction, so redelivery replays the same upserts.
/// </summary>
public sealed class AssessmentStore
{
    private const int MaxBatchOperations = 100;
    private const long MaxBatchWireBytes = 3 * 1024 * 1024 + 512 * 1024;
    private const int MaxAttempts = 8;

    private readonly TableServiceClient service;
    private readonly string tableName;
    private TableClient? table;

    public AssessmentStore(TableServiceClient service, IOptions<AssessmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        tableName = options.Value.TableName;
    }

    private TableClient Table => table ??= service.GetTableClient(tableName);

    /// <summary>A store outside the Functions host (benchmarks, tools), optionally counting round trips.</summary>
    public static AssessmentStore Create(string connectionString, string tableName, StorageRoundTrips? roundTrips = null)
    {
        var options = new TableClientOptions();
        if (roundTrips is not null)
        {
            options.AddPolicy(roundTrips.CreatePolicy(), Azure.Core.HttpPipelinePosition.PerRetry);
        }

        return new AssessmentStore(new TableServiceClient(connectionString, options), Options.Create(new AssessmentOptions { TableName = tableName }));
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    // ----------------------------------------------------------------------------------------------- intake

    /// <summary>One query: the snapshot's header (if any) and the idempotency key's record (if any).</summary>
    public async Task<IntakeState> GetIntakeStateAsync(string tenantId, Guid snapshotId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        StorageKeys.Require(tenantId, "tenant id");
        var filter = new StringBuilder(PartitionFilter(tenantId)).Append(" and (").Append(RowEquals(StorageKeys.Assessment(snapshotId)));
        if (idempotencyKey is not null)
        {
            filter.Append(" or ").Append(RowEquals(StorageKeys.Idempotency(idempotencyKey)));
        }

        filter.Append(')');
        AssessmentHeader? header = null;
        Guid? keySnapshot = null;
        string? keyHash = null;
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey.StartsWith("k|", StringComparison.Ordinal))
            {
                keySnapshot = entity.GetGuid("SnapshotId");
                keyHash = entity.GetString("ContentHash");
            }
            else
            {
                header = ReadHeader(entity);
            }
        }

        return new IntakeState(header, keySnapshot, keyHash);
    }

    /// <summary>Stores the raw snapshot and a Queued header (plus the idempotency key). Returns false when another request
    /// stored the same snapshot first (the caller then answers as for a repeated request).</summary>
    public async Task<bool> SaveQueuedAsync(QueuedSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        StorageKeys.Require(snapshot.TenantId, "tenant id");
        var pre = RawRows(snapshot.TenantId, snapshot.SnapshotId, snapshot.RawGzip, out var rawRows);
        var header = new TableEntity(snapshot.TenantId, StorageKeys.Assessment(snapshot.SnapshotId))
        {
            ["Kind"] = "assessment",
            ["SnapshotId"] = snapshot.SnapshotId,
            ["TenantId"] = snapshot.TenantId,
            ["EnvironmentId"] = snapshot.EnvironmentId,
            ["Status"] = nameof(AssessmentStatus.Queued),
            ["CollectedAt"] = snapshot.CollectedAt,
            ["ReceivedAt"] = snapshot.ReceivedAt,
            ["ContentHash"] = snapshot.ContentHash,
            ["RawRows"] = rawRows,
            ["RawGzipBytes"] = (long)snapshot.RawGzip.Length,
            ["FindingCount"] = 0,
        };
        var final = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, header),
            new(TableTransactionActionType.UpsertReplace, TenantMarker(snapshot.TenantId)),
        };
        if (snapshot.IdempotencyKey is not null)
        {
            final.Add(new(TableTransactionActionType.Add, new TableEntity(snapshot.TenantId, StorageKeys.Idempotency(snapshot.IdempotencyKey))
            {
                ["Kind"] = "idempotency-key",
                ["SnapshotId"] = snapshot.SnapshotId,
                ["ContentHash"] = snapshot.ContentHash,
                ["CreatedAt"] = snapshot.ReceivedAt,
            }));
        }

        try
        {
            await SubmitAsync(pre, final, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    // ----------------------------------------------------------------------------------------------- processing

    /// <summary>One query: the header, optionally the raw snapshot rows, and the environment's latest readiness.</summary>
    public async Task<ProcessingState> LoadProcessingStateAsync(string tenantId, Guid snapshotId, string? environmentId, bool includeRaw, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder(PartitionFilter(tenantId)).Append(" and (").Append(RowEquals(StorageKeys.Assessment(snapshotId)));
        if (includeRaw)
        {
            filter.Append(" or ").Append(RowRange(StorageKeys.RawPrefix(snapshotId)));
        }

        if (environmentId is not null)
        {
            filter.Append(" or ").Append(RowEquals(StorageKeys.Latest(StorageKeys.Require(environmentId, "environment id"))));
        }

        filter.Append(')');
        AssessmentHeader? header = null;
        ReadinessSummary? latest = null;
        ETag latestETag = default;
        var raw = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey.StartsWith(StorageKeys.LatestPrefix, StringComparison.Ordinal))
            {
                latest = ReadSummary(entity);
                latestETag = entity.ETag;
            }
            else if (entity.RowKey.StartsWith(StorageKeys.RawPrefix(snapshotId), StringComparison.Ordinal))
            {
                raw[entity.RowKey] = entity;
            }
            else
            {
                header = ReadHeader(entity);
            }
        }

        byte[]? rawGzip = null;
        if (includeRaw && header is { RawRows: > 0 } && raw.Count == header.RawRows)
        {
            rawGzip = new byte[header.RawGzipBytes];
            var offset = 0;
            foreach (var row in raw.Values)
            {
                var part = BinaryColumns.Read(row, "D") ?? [];
                part.CopyTo(rawGzip, offset);
                offset += part.Length;
            }

            if (offset != rawGzip.Length)
            {
                throw new InvalidDataException($"The raw snapshot {snapshotId} of {tenantId} is incomplete ({offset} of {rawGzip.Length} bytes).");
            }
        }

        return new ProcessingState { Header = header, RawGzip = rawGzip, Latest = latest, LatestETag = latestETag };
    }

    /// <summary>
    /// Writes a completed assessment: header, findings, history, tenant marker and, when it supersedes the stored one,
    /// the environment's latest readiness (ETag-guarded), all in one entity-group transaction (raw snapshot rows go
    /// in earlier transactions only when they do not fit). Returns whether the latest readiness was replaced.
    /// Throws <see cref="ConcurrencyException"/> when another instance changed the environment meanwhile: reload and retry.
    /// </summary>
    public async Task<bool> SaveCompletedAsync(AssessmentResult result, ProcessingState state, string contentHash, byte[]? rawGzipToStore, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(state);
        var tenant = StorageKeys.Require(result.TenantId, "tenant id");
        StorageKeys.Require(result.EnvironmentId, "environment id");
        var summary = ReadinessSummary.From(result);

        var pre = new List<TableTransactionAction>();
        var rawRows = state.Header?.RawRows ?? 0;
        var rawBytes = state.Header?.RawGzipBytes ?? 0;
        if (rawGzipToStore is not null)
        {
            pre.AddRange(RawRows(tenant, result.SnapshotId, rawGzipToStore, out rawRows));
            rawBytes = rawGzipToStore.Length;
        }

        var findings = new List<TableTransactionAction>(result.Findings.Count);
        for (var i = 0; i < result.Findings.Count; i++)
        {
            var finding = result.Findings[i];
            var entity = new TableEntity(tenant, StorageKeys.Finding(result.SnapshotId, i))
            {
                ["Kind"] = "finding",
                ["RuleId"] = finding.RuleId,
                ["Status"] = finding.Status.ToString(),
                ["Severity"] = finding.Severity.ToString(),
            };
            BinaryColumns.Write(entity, "D", Compression.Gzip(JsonSerializer.SerializeToUtf8Bytes(finding, ApiJsonContext.Default.Finding)));
            findings.Add(new(TableTransactionActionType.UpsertReplace, entity));
        }

        for (var i = result.Findings.Count; i < (state.Header?.FindingCount ?? 0); i++)
        {
            findings.Add(new(TableTransactionActionType.Delete, new TableEntity(tenant, StorageKeys.Finding(result.SnapshotId, i)), ETag.All));
        }

        var header = new TableEntity(tenant, StorageKeys.Assessment(result.SnapshotId))
        {
            ["Kind"] = "assessment",
            ["SnapshotId"] = result.SnapshotId,
            ["TenantId"] = tenant,
            ["EnvironmentId"] = result.EnvironmentId,
            ["Status"] = nameof(AssessmentStatus.Completed),
            ["CollectedAt"] = result.CollectedAt,
            ["ReceivedAt"] = state.Header?.ReceivedAt ?? receivedAt,
            ["AssessedAt"] = result.AssessedAt,
            ["ContentHash"] = contentHash,
            ["RulePackVersion"] = result.RulePackVersion,
            ["Readiness"] = result.Readiness.ToString(),
            ["TargetVersion"] = TargetText(result.TargetVersion),
            ["Coverage"] = result.Coverage,
            ["RawRows"] = rawRows,
            ["RawGzipBytes"] = rawBytes,
            ["FindingCount"] = result.Findings.Count,
        };
        BinaryColumns.Write(header, "S", Compression.Gzip(JsonSerializer.SerializeToUtf8Bytes(result with { Findings = [] }, ApiJsonContext.Default.AssessmentResult)));

        var final = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, header),
            new(TableTransactionActionType.UpsertReplace, WriteSummary(new TableEntity(tenant, StorageKeys.History(result.EnvironmentId, result.CollectedAt, result.SnapshotId)) { ["Kind"] = "history" }, summary)),
            new(TableTransactionActionType.UpsertReplace, TenantMarker(tenant)),
        };
        var replacesLatest = summary.Supersedes(state.Latest) && !SameSummary(summary, state.Latest);
        if (replacesLatest)
        {
            var latest = WriteSummary(new TableEntity(tenant, StorageKeys.Latest(result.EnvironmentId)) { ["Kind"] = "latest" }, summary);
            final.Add(state.Latest is null
                ? new TableTransactionAction(TableTransactionActionType.Add, latest)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, latest, state.LatestETag));
        }

        // Findings go with the header when they fit, so a reader never sees a Completed header without its findings.
        if (EstimateFits([.. final, .. findings]))
        {
            final.InsertRange(0, findings);
        }
        else
        {
            pre.AddRange(findings);
        }

        try
        {
            await SubmitAsync(pre, final, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyException($"The latest readiness of {tenant}/{result.EnvironmentId} changed meanwhile.", ex);
        }

        return replacesLatest || SameSummary(summary, state.Latest);
    }

    /// <summary>Stores a Rejected assessment with its validation errors and the raw payload (gzip).</summary>
    public async Task SaveRejectedAsync(RejectedAssessment rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var pre = RawRows(rejected.PartitionKey, rejected.SnapshotId, rejected.RawGzip, out var rawRows);
        var header = new TableEntity(rejected.PartitionKey, StorageKeys.Assessment(rejected.SnapshotId))
        {
            ["Kind"] = "assessment",
            ["SnapshotId"] = rejected.SnapshotId,
            ["TenantId"] = rejected.PartitionKey,
            ["EnvironmentId"] = rejected.EnvironmentId,
            ["Status"] = nameof(AssessmentStatus.Rejected),
            ["ReceivedAt"] = rejected.ReceivedAt,
            ["ContentHash"] = rejected.ContentHash,
            ["RawRows"] = rawRows,
            ["RawGzipBytes"] = (long)rejected.RawGzip.Length,
            ["FindingCount"] = 0,
        };
        BinaryColumns.Write(header, "E", Compression.Gzip(JsonSerializer.SerializeToUtf8Bytes(rejected.Errors, ApiJsonContext.Default.IReadOnlyListValidationError)));
        var final = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, header) };
        if (StorageKeys.IsValidKey(rejected.PartitionKey))
        {
            final.Add(new(TableTransactionActionType.UpsertReplace, TenantMarker(rejected.PartitionKey)));
        }

        await SubmitAsync(pre, final, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings the portfolio index in line with an environment's latest readiness: one query (the environment's
    /// index row and the totals) and, unless nothing changed or a newer snapshot is already indexed, one transaction
    /// (new index rows, removal of the old ones, totals), guarded by ETags and retried on conflict.
    /// </summary>
    public async Task SyncPortfolioAsync(ReadinessSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var allKey = IndexKey("all", summary.TenantId, summary.EnvironmentId);
        var totalsKey = StorageKeys.PortfolioTotalsShard(summary.TenantId, summary.EnvironmentId);
        for (var attempt = 1; ; attempt++)
        {
            TableEntity? authority = null;
            TableEntity? totals = null;
            var filter = $"{PartitionFilter(StorageKeys.PortfolioPartition)} and ({RowEquals(allKey)} or {RowEquals(totalsKey)})";
            await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (entity.RowKey == totalsKey)
                {
                    totals = entity;
                }
                else
                {
                    authority = entity;
                }
            }

            var indexed = authority is null ? null : ReadSummary(authority);
            if (indexed is not null && (!summary.Supersedes(indexed) || SameSummary(summary, indexed)))
            {
                return;
            }

            var newKeys = IndexKeys(summary);
            var oldKeys = (authority?.GetString("IndexKeys") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var actions = new List<TableTransactionAction>();
            foreach (var stale in oldKeys.Except(newKeys, StringComparer.Ordinal))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(StorageKeys.PortfolioPartition, stale), ETag.All));
            }

            foreach (var key in newKeys.Where(k => k != allKey))
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, WriteSummary(new TableEntity(StorageKeys.PortfolioPartition, key) { ["Kind"] = "portfolio" }, summary)));
            }

            var newAuthority = WriteSummary(new TableEntity(StorageKeys.PortfolioPartition, allKey) { ["Kind"] = "portfolio", ["IndexKeys"] = string.Join(' ', newKeys) }, summary);
            actions.Add(authority is null
                ? new(TableTransactionActionType.Add, newAuthority)
                : new(TableTransactionActionType.UpdateReplace, newAuthority, authority.ETag));

            if (indexed?.Readiness != summary.Readiness)
            {
                var counts = new TableEntity(StorageKeys.PortfolioPartition, totalsKey) { ["Kind"] = "totals" };
                foreach (var readiness in Enum.GetValues<Readiness>())
                {
                    counts[readiness.ToString()] = totals?.GetInt32(readiness.ToString()) ?? 0;
                }

                if (indexed is not null)
                {
                    counts[indexed.Readiness.ToString()] = (counts.GetInt32(indexed.Readiness.ToString()) ?? 0) - 1;
                }

                counts[summary.Readiness.ToString()] = (counts.GetInt32(summary.Readiness.ToString()) ?? 0) + 1;
                actions.Add(totals is null
                    ? new(TableTransactionActionType.Add, counts)
                    : new(TableTransactionActionType.UpdateReplace, counts, totals.ETag));
            }

            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40) * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The portfolio rows of one environment (the most rows a single transaction of <see cref="SyncPortfolioAsync"/> writes
    /// is twice this plus one; the rule catalog must keep that below 100).</summary>
    public static IReadOnlyList<string> IndexKeys(ReadinessSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var (t, e) = (summary.TenantId, summary.EnvironmentId);
        var readiness = summary.Readiness.ToString();
        var target = TargetText(summary.TargetVersion);
        var keys = new List<string>
        {
            IndexKey("all", t, e),
            IndexKey($"r|{readiness}", t, e),
            IndexKey($"v|{target}", t, e),
            IndexKey($"rv|{readiness}|{target}", t, e),
        };
        keys.AddRange(summary.FailingRuleIds.Select(rule => IndexKey($"f|{rule}", t, e)));
        return keys;
    }

    // ----------------------------------------------------------------------------------------------- queries

    /// <summary>One range query: the header and the findings of one snapshot (never the raw rows).</summary>
    public async Task<AssessmentView?> GetAssessmentAsync(string tenantId, Guid snapshotId, CancellationToken cancellationToken)
    {
        var prefix = StorageKeys.Assessment(snapshotId);
        var filter = $"{PartitionFilter(StorageKeys.Require(tenantId, "tenant id"))} and ({RowEquals(prefix)} or {RowRange(StorageKeys.FindingsPrefix(snapshotId))})";
        TableEntity? header = null;
        var findings = new SortedDictionary<string, Finding>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == prefix)
            {
                header = entity;
            }
            else if (BinaryColumns.Read(entity, "D") is { } data)
            {
                findings[entity.RowKey] = JsonSerializer.Deserialize(Compression.Gunzip(data, int.MaxValue), ApiJsonContext.Default.Finding)
                    ?? throw new InvalidDataException($"Finding {entity.RowKey} is empty.");
            }
        }

        if (header is null)
        {
            return null;
        }

        var head = ReadHeader(header);
        AssessmentResult? result = null;
        IReadOnlyList<ValidationError>? errors = null;
        if (head.Status == AssessmentStatus.Completed && BinaryColumns.Read(header, "S") is { } summary)
        {
            var body = JsonSerializer.Deserialize(Compression.Gunzip(summary, int.MaxValue), ApiJsonContext.Default.AssessmentResult)
                ?? throw new InvalidDataException($"The summary of {snapshotId} is empty.");
            result = body with { Findings = findings.Values.ToArray() };
        }
        else if (head.Status == AssessmentStatus.Rejected && BinaryColumns.Read(header, "E") is { } errorData)
        {
            errors = JsonSerializer.Deserialize(Compression.Gunzip(errorData, int.MaxValue), ApiJsonContext.Default.IReadOnlyListValidationError);
        }

        return new AssessmentView
        {
            TenantId = head.TenantId,
            SnapshotId = head.SnapshotId,
            EnvironmentId = head.EnvironmentId,
            Status = head.Status,
            ReceivedAt = head.ReceivedAt,
            CollectedAt = head.CollectedAt,
            AssessedAt = head.AssessedAt,
            Errors = errors,
            Result = result,
        };
    }

    /// <summary>The stored raw snapshot (gzip), or null.</summary>
    public async Task<byte[]?> GetRawSnapshotAsync(string tenantId, Guid snapshotId, CancellationToken cancellationToken) =>
        (await LoadProcessingStateAsync(tenantId, snapshotId, environmentId: null, includeRaw: true, cancellationToken).ConfigureAwait(false)).RawGzip;

    /// <summary>One point read.</summary>
    public async Task<ReadinessSummary?> GetLatestAsync(string tenantId, string environmentId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(
            StorageKeys.Require(tenantId, "tenant id"), StorageKeys.Latest(StorageKeys.Require(environmentId, "environment id")), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? ReadSummary(entity) : null;
    }

    /// <summary>An environment's assessments, newest snapshot first: one range query per page.</summary>
    public Task<ResultPage<ReadinessSummary>> GetHistoryPageAsync(string tenantId, string environmentId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = $"{PartitionFilter(StorageKeys.Require(tenantId, "tenant id"))} and {RowRange(StorageKeys.HistoryPrefix(StorageKeys.Require(environmentId, "environment id")))}";
        return PageAsync(filter, pageSize, continuationToken, cancellationToken);
    }

    /// <summary>Every environment of a tenant with its latest readiness; null when the tenant is unknown. One query.</summary>
    public async Task<IReadOnlyList<ReadinessSummary>?> GetTenantReadinessAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = $"{PartitionFilter(StorageKeys.Require(tenantId, "tenant id"))} and ({RowEquals(StorageKeys.TenantMarker)} or {RowRange(StorageKeys.LatestPrefix)})";
        var known = false;
        var items = new List<ReadinessSummary>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == StorageKeys.TenantMarker)
            {
                known = true;
            }
            else
            {
                items.Add(ReadSummary(entity));
            }
        }

        return known || items.Count > 0 ? items : null;
    }

    /// <summary>One page of the portfolio: one range query over the index rows of the chosen filter.</summary>
    public Task<ResultPage<ReadinessSummary>> GetPortfolioPageAsync(PortfolioFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string prefix;
        var extra = new StringBuilder();
        if (filter.RuleId is not null)
        {
            // Rule rows are not crossed with readiness/target (that would multiply the rows per environment); the extra
            // conditions are applied by the service within the rule's range.
            prefix = $"f|{StorageKeys.Require(filter.RuleId, "rule id")}|";
            if (filter.Readiness is { } r)
            {
                extra.Append(" and Readiness eq '").Append(r).Append('\'');
            }

            if (filter.TargetVersion is { } v)
            {
                extra.Append(" and TargetVersion eq '").Append(TargetText(v)).Append('\'');
            }
        }
        else
        {
            prefix = (filter.Readiness, filter.TargetVersion) switch
            {
                ({ } r, { } v) => $"rv|{r}|{TargetText(v)}|",
                ({ } r, null) => $"r|{r}|",
                (null, { } v) => $"v|{TargetText(v)}|",
                _ => "all|",
            };
        }

        return PageAsync($"{PartitionFilter(StorageKeys.PortfolioPartition)} and {RowRange(prefix)}{extra}", pageSize, continuationToken, cancellationToken);
    }

    /// <summary>Environments by readiness across all tenants (one range read of the totals shards).</summary>
    public async Task<ReadinessTotals> GetPortfolioTotalsAsync(CancellationToken cancellationToken)
    {
        var sums = new Dictionary<Readiness, int>();
        var filter = $"{PartitionFilter(StorageKeys.PortfolioPartition)} and {RowRange(StorageKeys.PortfolioTotalsPrefix)}";
        await foreach (var shard in Table.QueryAsync<TableEntity>(filter, maxPerPage: StorageKeys.PortfolioTotalsShards, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var readiness in Enum.GetValues<Readiness>())
            {
                sums[readiness] = sums.GetValueOrDefault(readiness) + (shard.GetInt32(readiness.ToString()) ?? 0);
            }
        }

        int Count(Readiness r) => sums.GetValueOrDefault(r);
        var totals = new ReadinessTotals
        {
            NotReady = Count(Readiness.NotReady),
            Unknown = Count(Readiness.Unknown),
            ReadyWithConditions = Count(Readiness.ReadyWithConditions),
            Ready = Count(Readiness.Ready),
        };
        return totals with { Environments = totals.NotReady + totals.Unknown + totals.ReadyWithConditions + totals.Ready };
    }

    /// <summary>The latest snapshot of every environment (of one tenant, or of all tenants).</summary>
    public async Task<IReadOnlyList<LatestSnapshotRef>> ListLatestSnapshotsAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var filter = tenantId is null
            ? $"{PartitionFilter(StorageKeys.PortfolioPartition)} and {RowRange("all|")}"
            : $"{PartitionFilter(StorageKeys.Require(tenantId, "tenant id"))} and {RowRange(StorageKeys.LatestPrefix)}";
        var result = new List<LatestSnapshotRef>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["TenantId", "EnvironmentId", "SnapshotId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(new LatestSnapshotRef(entity.GetString("TenantId"), entity.GetString("EnvironmentId"), entity.GetGuid("SnapshotId") ?? Guid.Empty));
        }

        return result;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private async Task<ResultPage<ReadinessSummary>> PageAsync(string filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                           .AsPages(continuationToken, pageSize).ConfigureAwait(false))
        {
            return new ResultPage<ReadinessSummary>(page.Values.Select(ReadSummary).ToArray(), page.ContinuationToken);
        }

        return new ResultPage<ReadinessSummary>([], null);
    }

    private async Task SubmitAsync(List<TableTransactionAction> pre, List<TableTransactionAction> final, CancellationToken cancellationToken)
    {
        // Everything in one transaction when it fits; otherwise the leading actions (idempotent upserts of raw rows or
        // findings) go first, in as few transactions as the 100-operation / 4 MiB limits allow, and the final group last.
        if (EstimateFits([.. pre, .. final]))
        {
            await Table.SubmitTransactionAsync([.. pre, .. final], cancellationToken).ConfigureAwait(false);
            return;
        }

        var batch = new List<TableTransactionAction>();
        long size = 0;
        foreach (var action in pre)
        {
            var actionSize = BinaryColumns.WireSize(action.Entity as TableEntity ?? new TableEntity());
            if (batch.Count > 0 && (batch.Count == MaxBatchOperations || size + actionSize > MaxBatchWireBytes))
            {
                await Table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = [];
                size = 0;
            }

            batch.Add(action);
            size += actionSize;
        }

        if (batch.Count > 0)
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        await Table.SubmitTransactionAsync(final, cancellationToken).ConfigureAwait(false);
    }

    private static bool EstimateFits(IReadOnlyCollection<TableTransactionAction> actions) =>
        actions.Count <= MaxBatchOperations && actions.Sum(a => BinaryColumns.WireSize(a.Entity as TableEntity ?? new TableEntity())) <= MaxBatchWireBytes;

    private static List<TableTransactionAction> RawRows(string partition, Guid snapshotId, byte[] rawGzip, out int rows)
    {
        var actions = new List<TableTransactionAction>();
        rows = 0;
        for (var offset = 0; offset < rawGzip.Length; offset += BinaryColumns.MaxBytesPerEntity)
        {
            var entity = new TableEntity(partition, StorageKeys.RawChunk(snapshotId, rows++)) { ["Kind"] = "raw" };
            BinaryColumns.Write(entity, "D", rawGzip.AsSpan(offset, Math.Min(BinaryColumns.MaxBytesPerEntity, rawGzip.Length - offset)));
            actions.Add(new(TableTransactionActionType.UpsertReplace, entity));
        }

        return actions;
    }

    private static TableEntity TenantMarker(string tenantId) => new(tenantId, StorageKeys.TenantMarker) { ["Kind"] = "tenant", ["TenantId"] = tenantId };

    private static string IndexKey(string prefix, string tenantId, string environmentId) => $"{prefix}|{tenantId}|{environmentId}";

    private static bool SameSummary(ReadinessSummary a, ReadinessSummary? b) =>
        b is not null && a with { FailingRuleIds = [] } == b with { FailingRuleIds = [] } && a.FailingRuleIds.SequenceEqual(b.FailingRuleIds, StringComparer.Ordinal);

    internal static string TargetText(TargetVersion target) => ((int)target).ToString(CultureInfo.InvariantCulture);

    private static TableEntity WriteSummary(TableEntity entity, ReadinessSummary s)
    {
        entity["TenantId"] = s.TenantId;
        entity["EnvironmentId"] = s.EnvironmentId;
        entity["SnapshotId"] = s.SnapshotId;
        entity["CollectedAt"] = s.CollectedAt;
        entity["AssessedAt"] = s.AssessedAt;
        entity["TargetVersion"] = TargetText(s.TargetVersion);
        entity["Readiness"] = s.Readiness.ToString();
        entity["Coverage"] = s.Coverage;
        entity["Fail"] = s.Counts.Fail;
        entity["Unknown"] = s.Counts.Unknown;
        entity["Pass"] = s.Counts.Pass;
        entity["NotApplicable"] = s.Counts.NotApplicable;
        entity["Blockers"] = s.Counts.Blockers;
        entity["Warnings"] = s.Counts.Warnings;
        entity["Actions"] = s.Counts.Actions;
        entity["RulePackVersion"] = s.RulePackVersion;
        entity["UpgradePath"] = s.UpgradePath;
        entity["FailingRuleIds"] = string.Join(' ', s.FailingRuleIds);
        return entity;
    }

    private static ReadinessSummary ReadSummary(TableEntity e) => new()
    {
        TenantId = e.GetString("TenantId") ?? "",
        EnvironmentId = e.GetString("EnvironmentId") ?? "",
        SnapshotId = e.GetGuid("SnapshotId") ?? Guid.Empty,
        CollectedAt = e.GetDateTimeOffset("CollectedAt") ?? default,
        AssessedAt = e.GetDateTimeOffset("AssessedAt") ?? default,
        TargetVersion = (TargetVersion)int.Parse(e.GetString("TargetVersion") ?? "0", CultureInfo.InvariantCulture),
        Readiness = Enum.Parse<Readiness>(e.GetString("Readiness") ?? nameof(Readiness.Unknown)),
        Coverage = e.GetDouble("Coverage") ?? 0,
        Counts = new FindingCounts
        {
            Fail = e.GetInt32("Fail") ?? 0,
            Unknown = e.GetInt32("Unknown") ?? 0,
            Pass = e.GetInt32("Pass") ?? 0,
            NotApplicable = e.GetInt32("NotApplicable") ?? 0,
            Blockers = e.GetInt32("Blockers") ?? 0,
            Warnings = e.GetInt32("Warnings") ?? 0,
            Actions = e.GetInt32("Actions") ?? 0,
        },
        RulePackVersion = e.GetString("RulePackVersion") ?? "",
        UpgradePath = e.GetString("UpgradePath") ?? "",
        FailingRuleIds = (e.GetString("FailingRuleIds") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };

    private static AssessmentHeader ReadHeader(TableEntity e) => new()
    {
        TenantId = e.GetString("TenantId") ?? e.PartitionKey,
        SnapshotId = e.GetGuid("SnapshotId") ?? Guid.Empty,
        EnvironmentId = e.GetString("EnvironmentId"),
        Status = Enum.Parse<AssessmentStatus>(e.GetString("Status") ?? nameof(AssessmentStatus.Queued)),
        CollectedAt = e.GetDateTimeOffset("CollectedAt"),
        ReceivedAt = e.GetDateTimeOffset("ReceivedAt"),
        AssessedAt = e.GetDateTimeOffset("AssessedAt"),
        ContentHash = e.GetString("ContentHash"),
        RulePackVersion = e.GetString("RulePackVersion"),
        FindingCount = e.GetInt32("FindingCount") ?? 0,
        RawRows = e.GetInt32("RawRows") ?? 0,
        RawGzipBytes = e.GetInt64("RawGzipBytes") ?? 0,
    };

    private static string PartitionFilter(string partitionKey) => $"PartitionKey eq '{Escape(partitionKey)}'";

    private static string RowEquals(string rowKey) => $"RowKey eq '{Escape(rowKey)}'";

    private static string RowRange(string prefix) => $"(RowKey ge '{Escape(prefix)}' and RowKey lt '{Escape(StorageKeys.RangeEnd(prefix))}')";

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}

/// <summary>Another instance changed the same environment between our read and our write.</summary>
public sealed class ConcurrencyException(string message, Exception inner) : Exception(message, inner);
