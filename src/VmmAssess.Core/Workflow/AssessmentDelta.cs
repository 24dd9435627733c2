using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Workflow;

/// <summary>How one rule's finding moved between two assessments (see docs/workflow.md).</summary>
public enum FindingChangeKind
{
    /// <summary>Open (Fail or Unknown) now, not before.</summary>
    New,

    /// <summary>Open before, not now (Pass, NotApplicable, or the rule left the rule pack).</summary>
    Resolved,

    /// <summary>Open both times, with a different status, severity or evidence.</summary>
    Changed,

    /// <summary>Everything else: open the same way, or not open either time.</summary>
    Unchanged,
}

/// <summary>
/// What changed between two assessments of an environment. The wire shape (camelCase, enums as strings) is public API:
/// the first six properties are those issue 14 names, the rest are appended.
/// </summary>
public sealed record AssessmentDelta
{
    /// <summary>The previous assessment's readiness as it was reported (its waivers included); null without a previous one.</summary>
    public Readiness? ReadinessBefore { get; init; }

    public Readiness ReadinessAfter { get; init; }

    public string? RulePackBefore { get; init; }

    public string RulePackAfter { get; init; } = "";

    /// <summary>One entry per rule of either rule pack, New first, then Resolved, Changed, Unchanged; by severity and rule id within.</summary>
    public IReadOnlyList<FindingChange> Changes { get; init; } = [];

    /// <summary>True when the two assessments come from different rule packs: a finding may have moved because a rule did.</summary>
    public bool RulePackChanged { get; init; }

    public ChangeSummary Summary { get; init; } = new();

    public Guid? SnapshotBefore { get; init; }

    public Guid SnapshotAfter { get; init; }

    public DateTimeOffset? CollectedAtBefore { get; init; }

    public DateTimeOffset CollectedAtAfter { get; init; }

    public TargetVersion? TargetVersionBefore { get; init; }

    public TargetVersion TargetVersionAfter { get; init; }
}

/// <summary>One rule's finding before and after.</summary>
public sealed record FindingChange
{
    public string RuleId { get; init; } = "";

    public FindingChangeKind Change { get; init; }

    /// <summary>Null when the rule was not in the previous rule pack (or there was no previous assessment).</summary>
    public FindingStatus? StatusBefore { get; init; }

    /// <summary>Null when the rule is no longer in the rule pack.</summary>
    public FindingStatus? StatusAfter { get; init; }

    /// <summary>Evidence objects (by name, case-insensitively) in the current finding and not in the previous one.</summary>
    public IReadOnlyList<string> ObjectsAdded { get; init; } = [];

    public IReadOnlyList<string> ObjectsRemoved { get; init; } = [];

    // Appended to the shape.

    public string Title { get; init; } = "";

    public Severity? SeverityBefore { get; init; }

    public Severity? SeverityAfter { get; init; }

    /// <summary>Objects in both findings whose evidence (property, actual or expected value) differs.</summary>
    public IReadOnlyList<string> ObjectsChanged { get; init; } = [];

    /// <summary>
    /// The rule is not in the previous assessment's rule pack: a New finding comes from the rule pack, not from a
    /// change in the environment. False when there is no previous assessment.
    /// </summary>
    public bool RuleAdded { get; init; }

    /// <summary>The rule is no longer in the rule pack: a Resolved finding was not fixed, the rule went away.</summary>
    public bool RuleRemoved { get; init; }

    /// <summary>Either finding kept only part of its evidence ("(and N more)"): the object lists cover the kept part.</summary>
    public bool EvidenceTruncated { get; init; }

    /// <summary>Why the entry should not be read at face value (a rule pack or target change), in words; null otherwise.</summary>
    public string? Note { get; init; }

    /// <summary>The waiver that accepted the previous finding, if any.</summary>
    public string? WaiverBefore { get; init; }

    /// <summary>The waiver that accepts the current finding, if any (kept up to date when waivers are re-applied).</summary>
    public string? WaiverAfter { get; init; }
}

/// <summary>How many rules moved each way; the blocker counts are of Blocker-severity findings.</summary>
public sealed record ChangeSummary
{
    public int New { get; init; }
    public int Resolved { get; init; }
    public int Changed { get; init; }
    public int Unchanged { get; init; }

    /// <summary>New findings of rules the previous rule pack did not have (included in <see cref="New"/>).</summary>
    public int NewFromAddedRules { get; init; }

    /// <summary>Resolved findings of rules the current rule pack no longer has (included in <see cref="Resolved"/>).</summary>
    public int ResolvedByRemovedRules { get; init; }

    public int NewBlockers { get; init; }
    public int ResolvedBlockers { get; init; }
}
