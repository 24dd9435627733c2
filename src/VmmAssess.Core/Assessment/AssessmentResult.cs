using System.Text.Json.Serialization;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Core.Assessment;

public enum Readiness
{
    /// <summary>A Blocker rule fails.</summary>
    NotReady,

    /// <summary>No Blocker fails, but a Blocker rule lacked the data it needs.</summary>
    Unknown,

    /// <summary>A Warning or Action rule fails.</summary>
    ReadyWithConditions,

    Ready,
}

/// <summary>The result of one assessment. Also the HTTP API's shape: property names are public API.</summary>
public sealed record AssessmentResult
{
    public Guid SnapshotId { get; init; }
    public string TenantId { get; init; } = "";
    public string EnvironmentId { get; init; } = "";
    public SourceVersion Source { get; init; } = new(null, null);
    public TargetVersion TargetVersion { get; init; }
    public string RulePackVersion { get; init; } = "";
    public DateTimeOffset CollectedAt { get; init; }
    public DateTimeOffset AssessedAt { get; init; }
    public Readiness Readiness { get; init; }

    /// <summary>Share (0–1) of the applicable rules that had the data they needed.</summary>
    public double Coverage { get; init; }

    public FindingCounts Counts { get; init; } = new();
    public UpgradePathSummary UpgradePath { get; init; } = new(null, "", []);
    public IReadOnlyList<ChecklistItem> Checklist { get; init; } = [];
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    // Added in rule pack 2026.11.2; appended so that existing properties keep their order on the wire.

    /// <summary>What <see cref="Coverage"/> is computed from, in words.</summary>
    public string CoverageBasis { get; init; } = "";

    /// <summary>The snapshot's collection errors, each with an id that Unknown findings refer to.</summary>
    public IReadOnlyList<ReportedCollectionError> CollectionErrors { get; init; } = [];

    /// <summary>Hop by hop: what blocks or conditions each upgrade, the step, the rollup to apply after it and the after-hop checklist.</summary>
    public UpgradePlanReport UpgradePlan { get; init; } = new(UpgradePlanKind.Unknown, "", []);

    // Added with deltas and waivers (issue 14); absent (null) unless a baseline was compared.

    /// <summary>What changed since the previous assessment of the environment (<see cref="AssessmentComparison.Compare"/>), when one was compared.</summary>
    public AssessmentDelta? Changes { get; init; }
}

public sealed record SourceVersion(VmmProduct? Product, int? UpdateRollup);

public sealed record FindingCounts
{
    public int Fail { get; init; }
    public int Unknown { get; init; }
    public int Pass { get; init; }
    public int NotApplicable { get; init; }

    /// <summary>Failing rules by severity.</summary>
    public int Blockers { get; init; }
    public int Warnings { get; init; }
    public int Actions { get; init; }

    // Added with waivers (issue 14). Written only when not zero, so a result without waivers keeps its bytes.

    /// <summary>Findings matched by a live waiver (accepted risks); they are in none of the counts above.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Waived { get; init; }

    /// <summary>The waived findings that are Blockers: a waived blocker is never invisible.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int WaivedBlockers { get; init; }
}

public sealed record UpgradePathSummary(bool? Direct, string Summary, IReadOnlyList<UpgradeHop> Hops);

public sealed record Reference(string Title, string Url);

public sealed record Finding(
    string RuleId,
    string Title,
    RuleCategory Category,
    Severity Severity,
    FindingStatus Status,
    string Message,
    IReadOnlyList<Evidence> Evidence,
    string Remediation,
    IReadOnlyList<Reference> References,
    IReadOnlyList<int>? Hops = null,
    IReadOnlyList<string>? MissingData = null,
    IReadOnlyList<string>? CollectionErrorIds = null,
    string? HowToCollect = null,
    FindingWaiver? Waiver = null);

/// <summary>The live waiver that accepts a failing finding (<see cref="WaiverApplication.Apply"/>): the finding does not count toward readiness.</summary>
public sealed record FindingWaiver(string Id, string Reason, DateTimeOffset ExpiresAt);

/// <summary>The upgrade plan as the result carries it (<see cref="AssessmentResult.UpgradePath"/> stays for compatibility).</summary>
public sealed record UpgradePlanReport(UpgradePlanKind Kind, string Summary, IReadOnlyList<PlannedHop> Hops);

/// <param name="Number">1-based position in the plan.</param>
/// <param name="Prerequisites">The findings that block (Fail) or may block (Unknown) this hop, judged against this hop's version.</param>
/// <param name="UpdateRollupAfter">The update rollup of <paramref name="To"/> to apply right after this hop, if any.</param>
public sealed record PlannedHop(
    int Number,
    string From,
    string To,
    string Title,
    int? MinSourceUpdateRollup,
    IReadOnlyList<HopPrerequisite> Prerequisites,
    string Step,
    int? UpdateRollupAfter,
    string? UpdateRollupReason,
    IReadOnlyList<ChecklistItem> AfterHop);

/// <param name="Waiver">The waiver of the finding behind a failing prerequisite, when that finding is waived.</param>
public sealed record HopPrerequisite(
    string RuleId, string Title, Severity Severity, FindingStatus Status, string Message, IReadOnlyList<Evidence> Evidence, FindingWaiver? Waiver = null);

public enum ChecklistPhase { BeforeUpgrade, AfterUpgrade }

public sealed record ChecklistItem(string Id, ChecklistPhase Phase, string Text, IReadOnlyList<Reference> References);

/// <summary>A rule as the catalog shows it (CLI `rules`, HTTP `GET /api/rules`, docs/rules.md).</summary>
public sealed record RuleDescriptor(
    string Id, string Title, RuleCategory Category, Severity Severity, IReadOnlyList<TargetVersion> Targets,
    string Description, string Remediation, IReadOnlyList<Reference> References);
