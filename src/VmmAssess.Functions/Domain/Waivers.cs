namespace VmmAssess.Functions.Domain;

/// <summary>Where a stored waiver stands at a given time.</summary>
public enum WaiverState
{
    /// <summary>Created, not expired, not revoked: it accepts the findings it matches.</summary>
    Live,

    /// <summary>Its expiry has passed: it no longer accepts anything and is kept for audit.</summary>
    Expired,

    /// <summary>An operator revoked it: it no longer accepts anything and is kept for audit.</summary>
    Revoked,
}

/// <summary>A waiver as the app stores it: the waiver (Core's shape, as the CLI's waiver file has it) and its revocation.</summary>
public sealed record WaiverRecord(Waiver Waiver, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public WaiverState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? WaiverState.Revoked : now >= Waiver.ExpiresAt ? WaiverState.Expired : WaiverState.Live;

    /// <summary>True when the waiver can apply to <paramref name="environment"/> (its own, or every environment).</summary>
    public bool Covers(EnvironmentId environment) => Waiver.EnvironmentId is null || Waiver.EnvironmentId == environment.Value;
}

/// <summary>What a waiver list shows: those that apply to one environment (its own and the tenant-wide ones), of one
/// rule, and only live ones unless <paramref name="IncludeInactive"/> (expired and revoked, kept for audit).</summary>
public sealed record WaiverFilter(EnvironmentId? Environment, RuleId? Rule, bool IncludeInactive);

/// <summary>
/// What an operator asks for when creating a waiver; the server adds the id, who created it and when. Checked by
/// Core's <see cref="WaiverValidation"/> (the CLI's rules) and by the app's limits on sizes and characters.
/// </summary>
public sealed record WaiverDraft(string? EnvironmentId, string? RuleId, IReadOnlyList<string>? Objects, string? Reason, DateTimeOffset? ExpiresAt, string? Ticket);

/// <summary>
/// How one environment's served readiness moved when its latest assessment was completed or when waivers were
/// re-applied to it (what a <c>readiness.changed</c> notification carries). <paramref name="Before"/> is null for an
/// environment's first assessment.
/// </summary>
public sealed record ReadinessChange(TenantId TenantId, EnvironmentId EnvironmentId, Guid SnapshotId, Readiness? Before, Readiness After, FindingCounts Counts)
{
    public bool Changed => Before != After;
}

/// <summary>
/// The comparison of an assessment with its environment's previous one, as a history entry summarises it (the
/// per-rule list stays on the assessment): readiness and rule pack on both sides and the count of each kind of change.
/// </summary>
public sealed record ChangeDigest(
    Readiness? ReadinessBefore, Readiness ReadinessAfter, string? RulePackBefore, string RulePackAfter, bool RulePackChanged, Guid? SnapshotBefore, ChangeSummary Summary)
{
    public static ChangeDigest From(AssessmentDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return new(delta.ReadinessBefore, delta.ReadinessAfter, delta.RulePackBefore, delta.RulePackAfter, delta.RulePackChanged, delta.SnapshotBefore, delta.Summary);
    }
}

/// <summary>One entry of an environment's history: its readiness, and how it compares with the assessment before it
/// (null for rows stored before comparisons existed).</summary>
public sealed record HistoryEntry(ReadinessSummary Readiness, ChangeDigest? Changes);
