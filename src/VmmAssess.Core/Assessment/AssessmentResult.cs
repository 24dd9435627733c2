using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;

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
    IReadOnlyList<Reference> References);

public enum ChecklistPhase { BeforeUpgrade, AfterUpgrade }

public sealed record ChecklistItem(string Id, ChecklistPhase Phase, string Text, IReadOnlyList<Reference> References);

/// <summary>A rule as the catalog shows it (CLI `rules`, HTTP `GET /api/rules`, docs/rules.md).</summary>
public sealed record RuleDescriptor(
    string Id,
    string Title,
    RuleCategory Category,
    Severity Severity,
    IReadOnlyList<TargetVersion> Targets,
    string Description,
    string Remediation,
    IReadOnlyList<Reference> References);
