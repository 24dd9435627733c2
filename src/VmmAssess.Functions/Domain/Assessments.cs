
namespace VmmAssess.Functions.Domain;

public enum AssessmentStatus
{
    /// <summary>Accepted by the webhook, waiting for ProcessSnapshot.</summary>
    Queued,

    Completed,

    /// <summary>The snapshot was invalid; the errors and the raw payload are kept.</summary>
    Rejected,
}

/// <summary>The readiness of one environment as of one assessment: latest, history entry and portfolio row.
/// <paramref name="FailingRuleIds"/> are the rules that failed (status Fail), in ordinal order.</summary>
public sealed record ReadinessSummary(
    TenantId TenantId, EnvironmentId EnvironmentId, Guid SnapshotId, DateTimeOffset CollectedAt, DateTimeOffset AssessedAt, TargetVersion TargetVersion,
    Readiness Readiness, double Coverage, FindingCounts Counts, string RulePackVersion, string UpgradePath, IReadOnlyList<string> FailingRuleIds)
{
    public static ReadinessSummary From(AssessmentResult result, TenantId tenant, EnvironmentId environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failing = result.Findings.Where(f => f.Status == FindingStatus.Fail).Select(f => f.RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new ReadinessSummary(tenant, environment, result.SnapshotId, result.CollectedAt, result.AssessedAt, result.TargetVersion, result.Readiness,
            result.Coverage, result.Counts, result.RulePackVersion, result.UpgradePath.Summary, failing);
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

    /// <summary>Same readiness in every field (the failing rules compared by content).</summary>
    public bool SameAs(ReadinessSummary? other) =>
        other is not null && this with { FailingRuleIds = [] } == other with { FailingRuleIds = [] } && FailingRuleIds.SequenceEqual(other.FailingRuleIds, StringComparer.Ordinal);
}

/// <summary>Environments counted by readiness.</summary>
public sealed record ReadinessTotals(int Environments, int NotReady, int Unknown, int ReadyWithConditions, int Ready)
{
    public static ReadinessTotals Count(Func<Readiness, int> count)
    {
        ArgumentNullException.ThrowIfNull(count);
        var (notReady, unknown, conditions, ready) = (count(Readiness.NotReady), count(Readiness.Unknown), count(Readiness.ReadyWithConditions), count(Readiness.Ready));
        return new ReadinessTotals(notReady + unknown + conditions + ready, notReady, unknown, conditions, ready);
    }
}

/// <summary>The stored state of one snapshot's assessment (without its result body). <paramref name="Partition"/> is the
/// tenant's id, or a reserved partition for unattributed input; <paramref name="RawRows"/> counts the rows of the
/// gzip-compressed raw snapshot (0 when not stored).</summary>
public sealed record AssessmentRecord(
    string Partition, Guid SnapshotId, string? EnvironmentId, AssessmentStatus Status, DateTimeOffset? CollectedAt, DateTimeOffset? ReceivedAt,
    DateTimeOffset? AssessedAt, string? ContentHash, string? RulePackVersion, int FindingCount, int RawRows, long RawGzipBytes);

/// <summary>An assessment with its result (Completed) or its validation errors (Rejected), and (Completed, when stored)
/// its comparison with the environment's previous assessment.</summary>
public sealed record StoredAssessment(AssessmentRecord Record, AssessmentResult? Result, IReadOnlyList<ValidationError>? Errors, AssessmentDelta? Changes = null);

/// <summary>What the webhook answers for an accepted snapshot.</summary>
public sealed record SnapshotReceipt(TenantId TenantId, Guid SnapshotId, string EnvironmentId, AssessmentStatus Status, bool Replayed);

/// <summary>One page of a query and the storage token for the next (null on the last page).</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record PortfolioFilter(Readiness? Readiness, TargetVersion? TargetVersion, RuleId? RuleId);

/// <summary>A stored snapshot to assess again.</summary>
public sealed record SnapshotRef(TenantId TenantId, EnvironmentId? EnvironmentId, Guid SnapshotId);
