using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Functions.Storage;

public enum AssessmentStatus
{
    /// <summary>Accepted by the webhook, waiting for ProcessSnapshot.</summary>
    Queued,

    Completed,

    /// <summary>The snapshot was invalid; the errors and the raw payload are kept.</summary>
    Rejected,
}

/// <summary>The readiness of one environment as of one assessment: latest, history entry and portfolio row.</summary>
public sealed record ReadinessSummary
{
    public string TenantId { get; init; } = "";
    public string EnvironmentId { get; init; } = "";
    public Guid SnapshotId { get; init; }
    public DateTimeOffset CollectedAt { get; init; }
    public DateTimeOffset AssessedAt { get; init; }
    public TargetVersion TargetVersion { get; init; }
    public Readiness Readiness { get; init; }
    public double Coverage { get; init; }
    public FindingCounts Counts { get; init; } = new();
    public string RulePackVersion { get; init; } = "";
    public string UpgradePath { get; init; } = "";

    /// <summary>Ids of the rules that failed (status Fail).</summary>
    public IReadOnlyList<string> FailingRuleIds { get; init; } = [];

    public static ReadinessSummary From(AssessmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReadinessSummary
        {
            TenantId = result.TenantId,
            EnvironmentId = result.EnvironmentId,
            SnapshotId = result.SnapshotId,
            CollectedAt = result.CollectedAt,
            AssessedAt = result.AssessedAt,
            TargetVersion = result.TargetVersion,
            Readiness = result.Readiness,
            Coverage = result.Coverage,
            Counts = result.Counts,
            RulePackVersion = result.RulePackVersion,
            UpgradePath = result.UpgradePath.Summary,
            FailingRuleIds = result.Findings.Where(f => f.Status == Core.Rules.FindingStatus.Fail).Select(f => f.RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>True when this summary should replace <paramref name="current"/> as an environment's latest:
    /// a later snapshot (collectedAt, then snapshot id as tie-break), or a newer assessment of the same snapshot.</summary>
    public bool Supersedes(ReadinessSummary? current)
    {
        if (current is null)
        {
            return true;
        }

        if (current.SnapshotId == SnapshotId)
        {
            return AssessedAt >= current.AssessedAt;
        }

        var byTime = CollectedAt.CompareTo(current.CollectedAt);
        return byTime > 0 || (byTime == 0 && string.CompareOrdinal(SnapshotId.ToString("D"), current.SnapshotId.ToString("D")) > 0);
    }
}

/// <summary>An assessment as the API shows it: status, and the result (Completed) or the errors (Rejected).</summary>
public sealed record AssessmentView
{
    public string TenantId { get; init; } = "";
    public Guid SnapshotId { get; init; }
    public string? EnvironmentId { get; init; }
    public AssessmentStatus Status { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset? CollectedAt { get; init; }
    public DateTimeOffset? AssessedAt { get; init; }
    public IReadOnlyList<ValidationError>? Errors { get; init; }
    public AssessmentResult? Result { get; init; }
}

/// <summary>One page of a query and the token for the next (null on the last page).</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record PortfolioFilter(Readiness? Readiness, TargetVersion? TargetVersion, string? RuleId);

public sealed record ReadinessTotals
{
    public int Environments { get; init; }
    public int NotReady { get; init; }
    public int Unknown { get; init; }
    public int ReadyWithConditions { get; init; }
    public int Ready { get; init; }
}

/// <summary>The stored state of one snapshot, read before processing it.</summary>
public sealed record ProcessingState
{
    public AssessmentHeader? Header { get; init; }
    public byte[]? RawGzip { get; init; }
    public ReadinessSummary? Latest { get; init; }
    internal Azure.ETag LatestETag { get; init; }
}

/// <summary>The header entity of one snapshot's assessment (without the result body).</summary>
public sealed record AssessmentHeader
{
    public string TenantId { get; init; } = "";
    public Guid SnapshotId { get; init; }
    public string? EnvironmentId { get; init; }
    public AssessmentStatus Status { get; init; }
    public DateTimeOffset? CollectedAt { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset? AssessedAt { get; init; }
    public string? ContentHash { get; init; }
    public string? RulePackVersion { get; init; }
    public int FindingCount { get; init; }

    /// <summary>Rows of gzip-compressed raw snapshot (0 when not stored).</summary>
    public int RawRows { get; init; }

    public long RawGzipBytes { get; init; }
}

/// <summary>A snapshot accepted by the webhook: stored raw (gzip) with a Queued header before it is enqueued.</summary>
public sealed record QueuedSnapshot(
    string TenantId,
    Guid SnapshotId,
    string EnvironmentId,
    DateTimeOffset CollectedAt,
    DateTimeOffset ReceivedAt,
    string ContentHash,
    byte[] RawGzip,
    string? IdempotencyKey);

/// <summary>What the webhook finds before storing: an earlier upload of the same snapshot and/or the same idempotency key.</summary>
public sealed record IntakeState(AssessmentHeader? Existing, Guid? IdempotencyKeySnapshotId, string? IdempotencyKeyContentHash);

public sealed record RejectedAssessment(
    string PartitionKey,
    Guid SnapshotId,
    string? EnvironmentId,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<ValidationError> Errors,
    byte[] RawGzip,
    string ContentHash);

/// <summary>An environment's latest snapshot, for re-assessment.</summary>
public sealed record LatestSnapshotRef(string TenantId, string EnvironmentId, Guid SnapshotId);
