using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

public enum Severity
{
    /// <summary>Must be fixed before upgrading.</summary>
    Blocker,

    /// <summary>Something is lost or degraded if ignored.</summary>
    Warning,

    /// <summary>A required step before or after the upgrade.</summary>
    Action,

    Info,
}

public enum RuleCategory { Common, HighAvailability, SystemRequirements, UpgradePath, Operations }

/// <summary>Fail sorts first: a finding list reads from what needs attention to what does not.</summary>
public enum FindingStatus { Fail, Unknown, Pass, NotApplicable }

/// <summary>What a rule is, next to its logic (one rule per file, like Prowler's check + metadata pairs).</summary>
public sealed record RuleMetadata(
    string Id,
    string Title,
    RuleCategory Category,
    Severity Severity,
    IReadOnlyList<TargetVersion> Targets,
    string Description,
    string Remediation,
    IReadOnlyList<string> SourceKeys);

// "object" is the contract's field name for the inventory item the evidence is about.
#pragma warning disable CA1720
public sealed record Evidence(string Object, string Property, string? Actual, string? Expected);
#pragma warning restore CA1720

public sealed record RuleOutcome(FindingStatus Status, string Message, IReadOnlyList<Evidence> Evidence)
{
    public static RuleOutcome Pass(string message, params IReadOnlyList<Evidence> evidence) => new(FindingStatus.Pass, message, evidence);

    public static RuleOutcome Fail(string message, params IReadOnlyList<Evidence> evidence) => new(FindingStatus.Fail, message, evidence);

    public static RuleOutcome Unknown(string message, params IReadOnlyList<Evidence> evidence) => new(FindingStatus.Unknown, message, evidence);

    public static RuleOutcome NotApplicable(string message) => new(FindingStatus.NotApplicable, message, []);
}

/// <summary>A rule of the catalog. Rules are pure: they read the context and never throw on missing data.</summary>
public abstract class Rule
{
    public abstract RuleMetadata Metadata { get; }

    public abstract RuleOutcome Evaluate(RuleContext context);

    protected static IReadOnlyList<TargetVersion> AllTargets { get; } =
        [TargetVersion.Vmm2016, TargetVersion.Vmm2019, TargetVersion.Vmm2022, TargetVersion.Vmm2025];
}

/// <summary>Everything a rule may read: the snapshot, the target and the support data for it.</summary>
public sealed class RuleContext(Snapshot snapshot, TargetVersion target, SupportMatrix matrix, UpgradePlan plan)
{
    public Snapshot Snapshot { get; } = snapshot;
    public TargetVersion Target { get; } = target;
    public SupportMatrix Matrix { get; } = matrix;
    public TargetSupport Support { get; } = matrix.For(target);
    public UpgradePlan Plan { get; } = plan;
    public VmmServer? Vmm => Snapshot.Vmm;
    public VmmProduct? SourceProduct => Snapshot.Vmm?.Product;
    public string TargetName => Target.DisplayName();

    /// <summary>True, false, or null when the snapshot does not say whether VMM is highly available.</summary>
    public bool? HighlyAvailable => Snapshot.Vmm?.HighlyAvailable;
}
