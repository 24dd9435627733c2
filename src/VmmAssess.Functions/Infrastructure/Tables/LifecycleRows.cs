using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>Progress of a tenant deletion (row <c>tenant|{tenant}</c> of partition <c>~jobs</c>).</summary>
public sealed record TenantDeletionJob(TenantId TenantId, bool Completed, long RowsDeleted, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);

/// <summary>A Queued assessment older than the sweeper's age, with where it lives.</summary>
public sealed record StaleQueued(SnapshotRef Snapshot, DateTimeOffset ReceivedAt);

/// <summary>
/// Deletion and retention (docs/architecture.md, "Data lifecycle"): every write is a delete in bounded entity-group
/// transactions (at most 100 rows), so a scope of any size is removed in steps that each succeed or fail whole, and a
/// repeated call finishes what an interrupted one started. After a deletion the environment's latest readiness and the
/// portfolio are recomputed from what remains.
/// </summary>
public sealed class LifecycleRows(AssessmentTable table, PortfolioProjection portfolio)
{
    internal const string JobsPartition = "~jobs";

    private static readonly string[] KeyColumns = ["PartitionKey", "RowKey"];

    /// <summary>Deletes one snapshot (header, findings, raw copy, history row, idempotency keys naming it) and recomputes
    /// its environment's latest readiness and portfolio rows. Returns the number of rows deleted (0 when absent).</summary>
    public async Task<int> DeleteSnapshotAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken)
    {
        var (deleted, environment) = await DeleteSnapshotRowsAsync(tenant, snapshotId, cancellationToken).ConfigureAwait(false);
        if (environment is { } env)
        {
            await RecomputeLatestAsync(tenant, env, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>Deletes an environment: every snapshot of it, its history, latest readiness and portfolio rows (the totals
    /// drop by its contribution). Returns the number of rows deleted.</summary>
    public async Task<int> DeleteEnvironmentAsync(TenantId tenant, EnvironmentId environment, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var snapshots = new List<Guid>();
        var filter = $"{PartitionEquals(tenant)} and {RowRange("a|")} and Kind eq 'assessment' and EnvironmentId eq '{environment.Value}'";
        await foreach (var header in table.QueryAsync(filter, select: ["SnapshotId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (header.GetGuid("SnapshotId") is { } id)
            {
                snapshots.Add(id);
            }
        }

        foreach (var id in snapshots)
        {
            deleted += (await DeleteSnapshotRowsAsync(tenant, id, cancellationToken).ConfigureAwait(false)).Deleted;
        }

        var rest = $"{PartitionEquals(tenant)} and ({RowRange(TableKeys.HistoryPrefix(environment))} or {RowEquals(TableKeys.Latest(environment))})";
        deleted += await table.DeleteRowsAsync(tenant.Value, await table.RowKeysAsync(rest, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await portfolio.ReplaceAsync(tenant, environment, null, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>Records that a tenant is to be deleted (idempotent: a pending or finished job is returned as it is).</summary>
    public async Task<TenantDeletionJob> StartTenantDeletionAsync(TenantId tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await GetTenantDeletionAsync(tenant, cancellationToken).ConfigureAwait(false) is { Completed: false } pending)
        {
            return pending;
        }

        var job = new TenantDeletionJob(tenant, false, 0, now, null);
        await table.Client.UpsertEntityAsync(JobEntity(job), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return job;
    }

    public async Task<TenantDeletionJob?> GetTenantDeletionAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(JobsPartition, JobKey(tenant), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e
            ? new TenantDeletionJob(tenant, e.GetBoolean("Completed") ?? false, e.GetInt64("RowsDeleted") ?? 0, e.GetDateTimeOffset("RequestedAt") ?? default, e.GetDateTimeOffset("CompletedAt"))
            : null;
    }

    public async Task<IReadOnlyList<TenantId>> ListPendingTenantDeletionsAsync(CancellationToken cancellationToken)
    {
        var result = new List<TenantId>();
        await foreach (var e in table.QueryAsync($"{PartitionEquals(JobsPartition)} and {RowRange("tenant|")} and Completed eq false", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (TenantId.TryParse(e.GetString("TenantId"), out var tenant))
            {
                result.Add(tenant);
            }
        }

        return result;
    }

    /// <summary>
    /// One bounded step of a tenant deletion: first the tenant's portfolio rows (so it leaves the portfolio at once),
    /// then up to <paramref name="maxRows"/> rows of its partition. Returns the job as it stands after the step.
    /// </summary>
    public async Task<TenantDeletionJob> ContinueTenantDeletionAsync(TenantId tenant, int maxRows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = await GetTenantDeletionAsync(tenant, cancellationToken).ConfigureAwait(false) ?? new TenantDeletionJob(tenant, false, 0, now, null);
        if (job.Completed)
        {
            return job;
        }

        var environments = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync($"{PartitionEquals(TableKeys.PortfolioPartition)} and {RowRange($"all|{tenant.Value}|")}", select: ["EnvironmentId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            environments.Add(e.GetString("EnvironmentId") ?? "");
        }

        foreach (var environment in environments)
        {
            if (EnvironmentId.TryParse(environment, out var env))
            {
                await portfolio.ReplaceAsync(tenant, env, null, cancellationToken).ConfigureAwait(false);
            }
        }

        var keys = new List<string>();
        await foreach (var e in table.QueryAsync(PartitionEquals(tenant), select: KeyColumns, maxPerPage: Math.Min(maxRows, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(e.RowKey);
            if (keys.Count >= maxRows)
            {
                break;
            }
        }

        var deleted = await table.DeleteRowsAsync(tenant.Value, keys, cancellationToken).ConfigureAwait(false);
        var done = keys.Count < maxRows;
        job = job with { RowsDeleted = job.RowsDeleted + deleted, Completed = done, CompletedAt = done ? now : null };
        await table.Client.UpsertEntityAsync(JobEntity(job), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <summary>Retention: removes the raw copies of snapshots received before <paramref name="cutoff"/> and whole
    /// Rejected assessments (their payload is all they are) of that age, in every partition; summaries, findings and
    /// history stay. Returns the number of rows deleted.</summary>
    public async Task<int> ApplyRetentionAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var filter = $"Kind eq 'assessment' and ReceivedAt lt datetime'{cutoff.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}' and ((Status eq '{nameof(AssessmentStatus.Completed)}' and RawRows gt 0) or Status eq '{nameof(AssessmentStatus.Rejected)}')";
        var headers = new List<TableEntity>();
        await foreach (var header in table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            headers.Add(header);
        }

        foreach (var header in headers)
        {
            var snapshotId = header.GetGuid("SnapshotId") ?? Guid.Empty;
            if (header.GetString("Status") == nameof(AssessmentStatus.Rejected))
            {
                var rows = await table.RowKeysAsync($"{PartitionEquals(header.PartitionKey)} and ({RowEquals(header.RowKey)} or {RowRange(header.RowKey + "|")})", cancellationToken).ConfigureAwait(false);
                deleted += await table.DeleteRowsAsync(header.PartitionKey, rows, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var raw = await table.RowKeysAsync($"{PartitionEquals(header.PartitionKey)} and {RowRange(TableKeys.RawPrefix(snapshotId))}", cancellationToken).ConfigureAwait(false);
            deleted += await table.DeleteRowsAsync(header.PartitionKey, raw, cancellationToken).ConfigureAwait(false);
            header["RawRows"] = 0;
            header["RawGzipBytes"] = 0L;
            header["RawRemovedAt"] = cutoff;
            try
            {
                await table.Client.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed or deleted meanwhile (a correction, a deletion): the next run looks again.
            }
        }

        return deleted;
    }

    /// <summary>Assessments still Queued that were received before <paramref name="receivedBefore"/> (at most <paramref name="max"/>).</summary>
    public async Task<IReadOnlyList<StaleQueued>> ListStaleQueuedAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        var filter = $"Kind eq 'assessment' and Status eq '{nameof(AssessmentStatus.Queued)}' and ReceivedAt lt datetime'{receivedBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'";
        var result = new List<StaleQueued>();
        await foreach (var e in table.QueryAsync(filter, select: ["PartitionKey", "RowKey", "SnapshotId", "EnvironmentId", "ReceivedAt", "RawRows"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (TenantId.TryParse(e.PartitionKey, out var tenant) && e.GetGuid("SnapshotId") is { } id && (e.GetInt32("RawRows") ?? 0) > 0)
            {
                var environment = EnvironmentId.TryParse(e.GetString("EnvironmentId"), out var env) ? env : (EnvironmentId?)null;
                result.Add(new StaleQueued(new SnapshotRef(tenant, environment, id), e.GetDateTimeOffset("ReceivedAt") ?? default));
                if (result.Count >= max)
                {
                    break;
                }
            }
        }

        return result;
    }

    private async Task<(int Deleted, EnvironmentId? Environment)> DeleteSnapshotRowsAsync(TenantId tenant, Guid snapshotId, CancellationToken cancellationToken)
    {
        var header = TableKeys.Assessment(snapshotId);
        var filter = $"{PartitionEquals(tenant)} and (({RowEquals(header)} or {RowRange(header + "|")}) or (({RowRange("h|")} or {RowRange("k|")}) and SnapshotId eq guid'{snapshotId:D}'))";
        var keys = new List<string>();
        EnvironmentId? environment = null;
        await foreach (var e in table.QueryAsync(filter, select: ["RowKey", "EnvironmentId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(e.RowKey);
            if ((e.RowKey == header || e.RowKey.StartsWith("h|", StringComparison.Ordinal)) && EnvironmentId.TryParse(e.GetString("EnvironmentId"), out var env))
            {
                environment = env;
            }
        }

        return (await table.DeleteRowsAsync(tenant.Value, keys, cancellationToken).ConfigureAwait(false), environment);
    }

    /// <summary>After a deletion: the newest remaining history row becomes the latest readiness (or there is none), and
    /// the portfolio follows, whatever it held before (a deletion may move the latest back in time).</summary>
    private async Task RecomputeLatestAsync(TenantId tenant, EnvironmentId environment, CancellationToken cancellationToken)
    {
        TableEntity? newest = null;
        await foreach (var e in table.QueryAsync($"{PartitionEquals(tenant)} and {RowRange(TableKeys.HistoryPrefix(environment))}", maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            newest = e;
            break;
        }

        var summary = newest is null ? null : RowMapping.ReadSummary(newest);
        if (summary is null)
        {
            await table.Client.DeleteEntityAsync(tenant.Value, TableKeys.Latest(environment), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await table.Client.UpsertEntityAsync(RowMapping.WriteSummary(new TableEntity(tenant.Value, TableKeys.Latest(environment)) { ["Kind"] = "latest" }, summary), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        await portfolio.ReplaceAsync(tenant, environment, summary, cancellationToken).ConfigureAwait(false);
    }

    private static string JobKey(TenantId tenant) => "tenant|" + tenant.Value;

    private static TableEntity JobEntity(TenantDeletionJob job) => new(JobsPartition, JobKey(job.TenantId))
    {
        ["Kind"] = "tenant-deletion",
        ["TenantId"] = job.TenantId.Value,
        ["Completed"] = job.Completed,
        ["RowsDeleted"] = job.RowsDeleted,
        ["RequestedAt"] = job.RequestedAt,
        ["CompletedAt"] = job.CompletedAt,
    };
}
