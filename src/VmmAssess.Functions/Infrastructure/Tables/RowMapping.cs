using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;
using VmmAssess.Functions.Infrastructure.Payloads;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// The explicit mapping between domain records and stored rows: column names and types of the summary rows (latest,
/// history, portfolio), the assessment header, the tenant marker and the chunked raw snapshot. Stored column names
/// are a contract with existing data (tests/VmmAssess.Functions.Tests/StoredLayoutTests.cs pins them).
/// </summary>
internal static class RowMapping
{
    public static string TargetText(TargetVersion target) => ((int)target).ToString(CultureInfo.InvariantCulture);

    public static TableEntity TenantMarker(TenantId tenant) => new(tenant.Value, TableKeys.TenantMarker) { ["Kind"] = "tenant", ["TenantId"] = tenant.Value };

    public static TableEntity WriteSummary(TableEntity entity, ReadinessSummary s)
    {
        entity["TenantId"] = s.TenantId.Value;
        entity["EnvironmentId"] = s.EnvironmentId.Value;
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

        // Waived findings (issue 14) are columns only when there are any: a row without waivers keeps version 1's layout.
        if (s.Counts.Waived > 0)
        {
            entity["Waived"] = s.Counts.Waived;
            entity["WaivedBlockers"] = s.Counts.WaivedBlockers;
        }

        return entity;
    }

    public static ReadinessSummary ReadSummary(TableEntity e) => new(
        TenantId.Parse(e.GetString("TenantId")),
        EnvironmentId.Parse(e.GetString("EnvironmentId")),
        e.GetGuid("SnapshotId") ?? Guid.Empty,
        e.GetDateTimeOffset("CollectedAt") ?? default,
        e.GetDateTimeOffset("AssessedAt") ?? default,
        (TargetVersion)int.Parse(e.GetString("TargetVersion") ?? "0", CultureInfo.InvariantCulture),
        Enum.Parse<Readiness>(e.GetString("Readiness") ?? nameof(Readiness.Unknown)),
        e.GetDouble("Coverage") ?? 0,
        new FindingCounts
        {
            Fail = e.GetInt32("Fail") ?? 0,
            Unknown = e.GetInt32("Unknown") ?? 0,
            Pass = e.GetInt32("Pass") ?? 0,
            NotApplicable = e.GetInt32("NotApplicable") ?? 0,
            Blockers = e.GetInt32("Blockers") ?? 0,
            Warnings = e.GetInt32("Warnings") ?? 0,
            Actions = e.GetInt32("Actions") ?? 0,
            Waived = e.GetInt32("Waived") ?? 0,
            WaivedBlockers = e.GetInt32("WaivedBlockers") ?? 0,
        },
        e.GetString("RulePackVersion") ?? "",
        e.GetString("UpgradePath") ?? "",
        (e.GetString("FailingRuleIds") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static AssessmentRecord ReadHeader(TableEntity e) => new(
        Partition: e.GetString("TenantId") ?? e.PartitionKey,
        SnapshotId: e.GetGuid("SnapshotId") ?? Guid.Empty,
        EnvironmentId: e.GetString("EnvironmentId"),
        Status: Enum.Parse<AssessmentStatus>(e.GetString("Status") ?? nameof(AssessmentStatus.Queued)),
        CollectedAt: e.GetDateTimeOffset("CollectedAt"),
        ReceivedAt: e.GetDateTimeOffset("ReceivedAt"),
        AssessedAt: e.GetDateTimeOffset("AssessedAt"),
        ContentHash: e.GetString("ContentHash"),
        RulePackVersion: e.GetString("RulePackVersion"),
        FindingCount: e.GetInt32("FindingCount") ?? 0,
        RawRows: e.GetInt32("RawRows") ?? 0,
        RawGzipBytes: e.GetInt64("RawGzipBytes") ?? 0);

    /// <summary>The header columns every status shares.</summary>
    public static TableEntity Header(string partition, Guid snapshotId, string? environmentId, AssessmentStatus status, DateTimeOffset receivedAt, string contentHash, int rawRows, long rawGzipBytes, int findingCount) =>
        new(partition, TableKeys.Assessment(snapshotId))
        {
            ["Kind"] = "assessment",
            ["SnapshotId"] = snapshotId,
            ["TenantId"] = partition,
            ["EnvironmentId"] = environmentId,
            ["Status"] = status.ToString(),
            ["ReceivedAt"] = receivedAt,
            ["ContentHash"] = contentHash,
            ["RawRows"] = rawRows,
            ["RawGzipBytes"] = rawGzipBytes,
            ["FindingCount"] = findingCount,
        };

    /// <summary>The raw snapshot (gzip) as upserts of numbered chunk rows.</summary>
    public static List<TableTransactionAction> RawRows(string partition, Guid snapshotId, byte[] rawGzip, out int rows)
    {
        var actions = new List<TableTransactionAction>();
        rows = 0;
        for (var offset = 0; offset < rawGzip.Length; offset += BinaryColumns.MaxBytesPerEntity)
        {
            var entity = new TableEntity(partition, TableKeys.RawChunk(snapshotId, rows++)) { ["Kind"] = "raw" };
            BinaryColumns.Write(entity, "D", rawGzip.AsSpan(offset, Math.Min(BinaryColumns.MaxBytesPerEntity, rawGzip.Length - offset)));
            actions.Add(new(TableTransactionActionType.UpsertReplace, entity));
        }

        return actions;
    }

    /// <summary>
    /// Stores a completed assessment's result on its <paramref name="header"/> and returns the finding rows to write
    /// with it. Stored layout v2: the whole result (summary and findings) is one gzip JSON document in the header's
    /// "S" columns and <c>FindingRows</c> is 0 — one serialization and one compression per assessment. Layout v1 (what
    /// version 1 wrote, still read) keeps the summary without findings in "S" and one row per finding
    /// (<c>a|{id}|f|{n}</c>, document in "D"); it is still written when the whole result does not fit one entity
    /// (evidence is capped, but a hostile snapshot can still make it large). Documents already on the header (the
    /// comparison) count against the same entity's limit.
    /// </summary>
    public static List<TableEntity> WriteResult(TableEntity header, AssessmentResult result)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (TryWriteDocument(header, "S", result, StoredJsonContext.Default.AssessmentResult, BinaryColumns.MaxBytesPerEntity - BinaryColumns.StoredBytes(header)))
        {
            header[FindingRowsColumn] = 0;
            return [];
        }

        WriteDocument(header, "S", result with { Findings = [] }, StoredJsonContext.Default.AssessmentResult);
        var rows = FindingRows(header.PartitionKey, result.SnapshotId, result.Findings);
        header[FindingRowsColumn] = rows.Count;
        return rows;
    }

    /// <summary>Layout v1's finding rows: one entity per finding, its document gzip-compressed in "D".</summary>
    public static List<TableEntity> FindingRows(string partition, Guid snapshotId, IReadOnlyList<Finding> findings)
    {
        var rows = new List<TableEntity>(findings.Count);
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            var entity = new TableEntity(partition, TableKeys.Finding(snapshotId, i))
            {
                ["Kind"] = "finding",
                ["RuleId"] = finding.RuleId,
                ["Status"] = finding.Status.ToString(),
                ["Severity"] = finding.Severity.ToString(),
            };
            WriteDocument(entity, "D", finding, StoredJsonContext.Default.Finding);
            rows.Add(entity);
        }

        return rows;
    }

    /// <summary>How many <c>a|{id}|f|{n}</c> rows an assessment header has: <c>FindingRows</c> (layout v2), else one per
    /// finding (layout v1 has no such column).</summary>
    public static int FindingRowsOf(TableEntity header) => header.GetInt32(FindingRowsColumn) ?? header.GetInt32("FindingCount") ?? 0;

    /// <summary>A completed assessment's result from its header and the finding rows read with it (either layout).</summary>
    public static AssessmentResult? ReadResult(TableEntity header, IReadOnlyCollection<Finding> findingRows) =>
        ReadDocument(header, "S", StoredJsonContext.Default.AssessmentResult) is { } result
            ? FindingRowsOf(header) > 0 ? result with { Findings = [.. findingRows] } : result
            : null;

    private const string FindingRowsColumn = "FindingRows";

    /// <summary>A JSON document stored gzip-compressed in the binary columns <paramref name="prefix"/>00, 01, ….</summary>
    public static void WriteDocument<T>(TableEntity entity, string prefix, T value, JsonTypeInfo<T> typeInfo)
    {
        if (!TryWriteDocument(entity, prefix, value, typeInfo))
        {
            throw new ArgumentException($"The {typeof(T).Name} document of {entity.RowKey} does not fit one entity.", nameof(value));
        }
    }

    private static bool TryWriteDocument<T>(TableEntity entity, string prefix, T value, JsonTypeInfo<T> typeInfo, int maxBytes = BinaryColumns.MaxBytesPerEntity)
    {
        using var gzip = Payload.GzipJson(value, typeInfo);
        if (gzip.Length > maxBytes)
        {
            return false;
        }

        BinaryColumns.Write(entity, prefix, gzip.WrittenSpan);
        return true;
    }

    public static T? ReadDocument<T>(TableEntity entity, string prefix, JsonTypeInfo<T> typeInfo) =>
        BinaryColumns.Read(entity, prefix) is { } data ? JsonSerializer.Deserialize(Payload.Gunzip(data, int.MaxValue), typeInfo) : default;
}

/// <summary>Source-generated JSON of the documents stored in binary columns: the result ("S": whole in layout v2, without
/// findings in layout v1), a finding of layout v1 ("D") and a rejected snapshot's errors ("E"). Same conventions as Core's CoreJsonContext; separate from the API's context,
/// so an API change cannot change stored bytes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssessmentResult))]
[JsonSerializable(typeof(Finding))]
[JsonSerializable(typeof(IReadOnlyList<ValidationError>))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;
