using System.Text;
using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// The cross-tenant portfolio, projected from each environment's latest readiness into partition <c>~portfolio</c>:
/// one index row per environment and filter value (<c>all|</c>, <c>r|{readiness}|</c>, <c>v|{target}|</c>,
/// <c>rv|{readiness}|{target}|</c>, <c>f|{ruleId}|</c>), each followed by <c>{tenant}|{environment}</c>, so a filtered
/// page is one range read; the <c>~totals|xx</c> shards count environments by readiness.
/// </summary>
public sealed class PortfolioProjection(AssessmentTable table)
{
    private const int MaxAttempts = 8;

    /// <summary>
    /// Brings the portfolio index in line with an environment's latest readiness: one query (the environment's
    /// index row and the totals) and, unless nothing changed or a newer snapshot is already indexed, one transaction
    /// (new index rows, removal of the old ones, totals), guarded by ETags and retried on conflict.
    /// </summary>
    public Task SyncAsync(ReadinessSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return UpdateAsync(summary.TenantId, summary.EnvironmentId, (allKey, totalsKey, authority, totals, indexed) =>
        {
            if (indexed is not null && (!summary.Supersedes(indexed) || summary.SameAs(indexed)))
            {
                return null;
            }

            var actions = IndexActions(summary, authority, allKey);
            if (indexed?.Readiness != summary.Readiness)
            {
                actions.Add(TotalsAction(totalsKey, totals, indexed?.Readiness, summary.Readiness));
            }

            return actions;
        }, cancellationToken);
    }

    /// <summary>
    /// Sets an environment's portfolio rows to <paramref name="summary"/> whatever is indexed (after a deletion the latest
    /// may move back in time), or removes them and its count in the totals when <paramref name="summary"/> is null.
    /// ETag-guarded and retried like <see cref="SyncAsync"/>.
    /// </summary>
    public Task ReplaceAsync(TenantId tenant, EnvironmentId environment, ReadinessSummary? summary, CancellationToken cancellationToken) =>
        UpdateAsync(tenant, environment, (allKey, totalsKey, authority, totals, indexed) =>
        {
            if (summary is not null)
            {
                if (indexed is not null && summary.SameAs(indexed))
                {
                    return null;
                }

                var actions = IndexActions(summary, authority, allKey);
                if (indexed?.Readiness != summary.Readiness)
                {
                    actions.Add(TotalsAction(totalsKey, totals, indexed?.Readiness, summary.Readiness));
                }

                return actions;
            }

            if (authority is null)
            {
                return null;
            }

            var removal = (authority.GetString("IndexKeys") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(k => k != allKey)
                .Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableKeys.PortfolioPartition, k), ETag.All))
                .ToList();
            removal.Add(new(TableTransactionActionType.Delete, authority, authority.ETag));
            if (totals is not null && indexed is not null)
            {
                var counts = new TableEntity(TableKeys.PortfolioPartition, totalsKey) { ["Kind"] = "totals" };
                foreach (var readiness in Enum.GetValues<Readiness>())
                {
                    counts[readiness.ToString()] = (totals.GetInt32(readiness.ToString()) ?? 0) - (readiness == indexed.Readiness ? 1 : 0);
                }

                removal.Add(new(TableTransactionActionType.UpdateReplace, counts, totals.ETag));
            }

            return removal;
        }, cancellationToken);

    private delegate List<TableTransactionAction>? PortfolioChange(string allKey, string totalsKey, TableEntity? authority, TableEntity? totals, ReadinessSummary? indexed);

    /// <summary>One query (the environment's index row and its totals shard), the change it calls for (null: nothing to
    /// do), one transaction; on a conflict, or a 404 because another instance already deleted a row this transaction
    /// deletes, reload and try again.</summary>
    private async Task UpdateAsync(TenantId tenant, EnvironmentId environment, PortfolioChange change, CancellationToken cancellationToken)
    {
        var allKey = IndexKey("all", tenant, environment);
        var totalsKey = TableKeys.PortfolioTotalsShard(tenant, environment);
        for (var attempt = 1; ; attempt++)
        {
            TableEntity? authority = null;
            TableEntity? totals = null;
            await foreach (var entity in table.QueryAsync($"{PartitionEquals(TableKeys.PortfolioPartition)} and ({RowEquals(allKey)} or {RowEquals(totalsKey)})", cancellationToken: cancellationToken).ConfigureAwait(false))
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

            var actions = change(allKey, totalsKey, authority, totals, authority is null ? null : RowMapping.ReadSummary(authority));
            if (actions is null)
            {
                return;
            }

            try
            {
                await table.SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40) * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The portfolio rows of one environment (the most rows a single transaction of <see cref="SyncAsync"/> writes
    /// is twice this plus one; the rule catalog must keep that below 100).</summary>
    public static IReadOnlyList<string> IndexKeys(ReadinessSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var (t, e) = (summary.TenantId, summary.EnvironmentId);
        var readiness = summary.Readiness.ToString();
        var target = RowMapping.TargetText(summary.TargetVersion);
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

    /// <summary>One page of the portfolio: one range query over the index rows of the chosen filter.</summary>
    public Task<ResultPage<ReadinessSummary>> GetPageAsync(PortfolioFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string prefix;
        var extra = new StringBuilder();
        if (filter.RuleId is { } rule)
        {
            // Rule rows are not crossed with readiness/target (that would multiply the rows per environment); the extra
            // conditions are applied by the service within the rule's range.
            prefix = $"f|{rule.Value}|";
            if (filter.Readiness is { } r)
            {
                extra.Append(" and Readiness eq '").Append(r).Append('\'');
            }

            if (filter.TargetVersion is { } v)
            {
                extra.Append(" and TargetVersion eq '").Append(RowMapping.TargetText(v)).Append('\'');
            }
        }
        else
        {
            prefix = (filter.Readiness, filter.TargetVersion) switch
            {
                ({ } r, { } v) => $"rv|{r}|{RowMapping.TargetText(v)}|",
                ({ } r, null) => $"r|{r}|",
                (null, { } v) => $"v|{RowMapping.TargetText(v)}|",
                _ => "all|",
            };
        }

        return table.PageAsync($"{PartitionEquals(TableKeys.PortfolioPartition)} and {RowRange(prefix)}{extra}", pageSize, continuationToken, RowMapping.ReadSummary, cancellationToken);
    }

    /// <summary>Environments by readiness across all tenants (one range read of the totals shards).</summary>
    public async Task<ReadinessTotals> GetTotalsAsync(CancellationToken cancellationToken)
    {
        var sums = new Dictionary<Readiness, int>();
        var filter = $"{PartitionEquals(TableKeys.PortfolioPartition)} and {RowRange(TableKeys.PortfolioTotalsPrefix)}";
        await foreach (var shard in table.QueryAsync(filter, maxPerPage: TableKeys.PortfolioTotalsShards, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var readiness in Enum.GetValues<Readiness>())
            {
                sums[readiness] = sums.GetValueOrDefault(readiness) + (shard.GetInt32(readiness.ToString()) ?? 0);
            }
        }

        return ReadinessTotals.Count(sums.GetValueOrDefault);
    }

    /// <summary>The latest snapshot of every environment of every tenant.</summary>
    public async Task<IReadOnlyList<SnapshotRef>> ListLatestSnapshotsAsync(CancellationToken cancellationToken)
    {
        var filter = $"{PartitionEquals(TableKeys.PortfolioPartition)} and {RowRange("all|")}";
        var result = new List<SnapshotRef>();
        await foreach (var entity in table.QueryAsync(filter, select: ["TenantId", "EnvironmentId", "SnapshotId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(new SnapshotRef(TenantId.Parse(entity.GetString("TenantId")), EnvironmentId.Parse(entity.GetString("EnvironmentId")), entity.GetGuid("SnapshotId") ?? Guid.Empty));
        }

        return result;
    }

    private static List<TableTransactionAction> IndexActions(ReadinessSummary summary, TableEntity? authority, string allKey)
    {
        var newKeys = IndexKeys(summary);
        var oldKeys = (authority?.GetString("IndexKeys") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var actions = new List<TableTransactionAction>();
        foreach (var stale in oldKeys.Except(newKeys, StringComparer.Ordinal))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(TableKeys.PortfolioPartition, stale), ETag.All));
        }

        foreach (var key in newKeys.Where(k => k != allKey))
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, RowMapping.WriteSummary(new TableEntity(TableKeys.PortfolioPartition, key) { ["Kind"] = "portfolio" }, summary)));
        }

        var newAuthority = RowMapping.WriteSummary(new TableEntity(TableKeys.PortfolioPartition, allKey) { ["Kind"] = "portfolio", ["IndexKeys"] = string.Join(' ', newKeys) }, summary);
        actions.Add(authority is null
            ? new(TableTransactionActionType.Add, newAuthority)
            : new(TableTransactionActionType.UpdateReplace, newAuthority, authority.ETag));
        return actions;
    }

    private static TableTransactionAction TotalsAction(string totalsKey, TableEntity? totals, Readiness? previous, Readiness current)
    {
        var counts = new TableEntity(TableKeys.PortfolioPartition, totalsKey) { ["Kind"] = "totals" };
        foreach (var readiness in Enum.GetValues<Readiness>())
        {
            counts[readiness.ToString()] = totals?.GetInt32(readiness.ToString()) ?? 0;
        }

        if (previous is { } old)
        {
            counts[old.ToString()] = (counts.GetInt32(old.ToString()) ?? 0) - 1;
        }

        counts[current.ToString()] = (counts.GetInt32(current.ToString()) ?? 0) + 1;
        return totals is null
            ? new(TableTransactionActionType.Add, counts)
            : new(TableTransactionActionType.UpdateReplace, counts, totals.ETag);
    }

    private static string IndexKey(string prefix, TenantId tenant, EnvironmentId environment) => $"{prefix}|{tenant.Value}|{environment.Value}";
}
