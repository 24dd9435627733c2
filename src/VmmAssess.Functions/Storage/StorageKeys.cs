using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace VmmAssess.Functions.Storage;

/// <summary>
/// Keys that reach Table Storage. A tenant, environment or rule id is 1–64 characters from A–Z, a–z, 0–9,
/// '.', '_' and '-' (the snapshot contract's key pattern), which excludes everything Table Storage forbids in keys
/// ('/', '\', '#', '?', control characters) and our separators ('|', '~'). The storage layer only takes values
/// that passed through here.
/// </summary>
public static partial class StorageKeys
{
    public const int MaxKeyLength = 64;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotencyKeyPattern();

    public static bool IsValidKey([NotNullWhen(true)] string? value) => value is not null && KeyPattern().IsMatch(value);

    public static bool IsValidIdempotencyKey([NotNullWhen(true)] string? value) => value is not null && IdempotencyKeyPattern().IsMatch(value);

    /// <summary>Throws when <paramref name="value"/> is not a valid key (a programming error past the HTTP layer).</summary>
    public static string Require(string? value, string what) =>
        IsValidKey(value) ? value : throw new ArgumentException($"'{value}' is not a valid {what}.", nameof(value));

    internal static string Snapshot(Guid snapshotId) => snapshotId.ToString("D");

    internal static string Assessment(Guid snapshotId) => "a|" + Snapshot(snapshotId);

    internal static string Finding(Guid snapshotId, int index) => $"a|{Snapshot(snapshotId)}|f|{index:D4}";

    internal static string RawChunk(Guid snapshotId, int index) => $"a|{Snapshot(snapshotId)}|r|{index:D4}";

    internal static string RawPrefix(Guid snapshotId) => $"a|{Snapshot(snapshotId)}|r|";

    internal static string FindingsPrefix(Guid snapshotId) => $"a|{Snapshot(snapshotId)}|f|";

    internal static string Latest(string environmentId) => "l|" + environmentId;

    internal const string LatestPrefix = "l|";

    internal static string History(string environmentId, DateTimeOffset collectedAt, Guid snapshotId) =>
        $"h|{environmentId}|{DateTimeOffset.MaxValue.UtcTicks - collectedAt.UtcTicks:D19}|{Snapshot(snapshotId)}";

    internal static string HistoryPrefix(string environmentId) => $"h|{environmentId}|";

    internal static string Idempotency(string key) => "k|" + key;

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

    internal static string PortfolioTotalsShard(string tenantId, string environmentId)
    {
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
