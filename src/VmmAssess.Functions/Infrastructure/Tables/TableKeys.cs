
namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// The row-key shapes of the table (see docs/architecture.md, "Storage design"). Partition and key values are
/// <see cref="TenantId"/>, <see cref="EnvironmentId"/> and rule ids, already validated where they entered the app,
/// so nothing here re-validates them; '|' and '~' cannot occur in them.
/// </summary>
internal static class TableKeys
{
    internal static string Snapshot(Guid snapshotId) => snapshotId.ToString("D");

    internal static string Assessment(Guid snapshotId) => "a|" + Snapshot(snapshotId);

    internal static string Finding(Guid snapshotId, int index) => $"a|{Snapshot(snapshotId)}|f|{index:D4}";

    internal static string RawChunk(Guid snapshotId, int index) => $"a|{Snapshot(snapshotId)}|r|{index:D4}";

    internal static string RawPrefix(Guid snapshotId) => $"a|{Snapshot(snapshotId)}|r|";

    internal static string FindingsPrefix(Guid snapshotId) => $"a|{Snapshot(snapshotId)}|f|";

    internal static string Latest(EnvironmentId environmentId) => "l|" + environmentId.Value;

    internal const string LatestPrefix = "l|";

    internal static string History(EnvironmentId environmentId, DateTimeOffset collectedAt, Guid snapshotId) =>
        $"h|{environmentId.Value}|{DateTimeOffset.MaxValue.UtcTicks - collectedAt.UtcTicks:D19}|{Snapshot(snapshotId)}";

    internal static string HistoryPrefix(EnvironmentId environmentId) => $"h|{environmentId.Value}|";

    /// <summary>The first history key of the snapshots collected strictly before <paramref name="collectedAt"/>.</summary>
    internal static string HistoryBefore(EnvironmentId environmentId, DateTimeOffset collectedAt) =>
        $"h|{environmentId.Value}|{DateTimeOffset.MaxValue.UtcTicks - collectedAt.UtcTicks + 1:D19}|";

    internal static string Waiver(string waiverId) => WaiverPrefix + waiverId;

    /// <summary>A tenant's waivers (row <c>w|{waiverId}</c>), in its own partition: read with the latest readiness when a
    /// snapshot is processed, and deleted with the tenant.</summary>
    internal const string WaiverPrefix = "w|";

    /// <summary>Partition of the re-evaluations waivers make due (created, revoked, expiring), by due time; '~' cannot
    /// occur in a tenant id.</summary>
    internal const string WaiverDuePartition = "~waiver-due";

    internal static string WaiverDue(DateTimeOffset due, TenantId tenant, string waiverId, string reason) =>
        $"{due.UtcTicks:D19}|{tenant.Value}|{waiverId}|{reason}";

    internal static string WaiverDueBefore(DateTimeOffset time) => $"{time.UtcTicks:D19}|";

    internal static string Idempotency(IdempotencyKey key) => "k|" + key.Value;

    internal const string TenantMarker = "~tenant";

    /// <summary>Partition of the cross-tenant portfolio index; '~' cannot occur in a tenant id.</summary>
    internal const string PortfolioPartition = "~portfolio";

    /// <summary>Partition for messages whose tenant could not be read; '~' cannot occur in a tenant id.</summary>
    internal const string UnattributedPartition = "~unattributed";

    /// <summary>
    /// Prefix of the portfolio totals rows. The counts are spread over <see cref="PortfolioTotalsShards"/> rows so that
    /// concurrent instances updating different environments rarely contend for one ETag; an environment always counts
    /// in the same shard, so its increments and decrements balance there. Readers sum the shards (one range read).
    /// </summary>
    internal const string PortfolioTotalsPrefix = "~totals|";

    internal const int PortfolioTotalsShards = 16;

    internal static string PortfolioTotalsShard(TenantId tenant, EnvironmentId environment)
    {
        var (tenantId, environmentId) = (tenant.Value, environment.Value);
        // FNV-1a over the ordinal characters: stable across processes and versions (string.GetHashCode is randomized).
        var hash = 2166136261u;
        foreach (var c in tenantId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ '/') * 16777619u;
        foreach (var c in environmentId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return PortfolioTotalsPrefix + (hash % PortfolioTotalsShards).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Upper bound of a prefix range: every key character sorts below '~'.</summary>
    internal static string RangeEnd(string prefix) => prefix + "~";
}
