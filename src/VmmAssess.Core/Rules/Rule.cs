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
    IReadOnlyList<string> SourceKeys)
{
    /// <summary>
    /// True for a requirement of the version being installed (OS, ADK, SQL, hosts, VMware, account): in a multi-hop
    /// upgrade the rule is judged against every hop's version, not only the final target.
    /// </summary>
    public bool JudgedPerHop { get; init; }

    /// <summary>
    /// The snapshot data the rule reads, as JSON paths (<c>$.hosts[?platform=HyperV].os.build</c>): an Unknown finding
    /// names the ones that are missing, and how to collect them.
    /// </summary>
    public IReadOnlyList<string> DataPaths { get; init; } = [];
}

// "object" is the contract's field name for the inventory item the evidence is about.
#pragma warning disable CA1720
public sealed record Evidence(string Object, string Property, string? Actual, string? Expected);
#pragma warning restore CA1720

public sealed record RuleOutcome(FindingStatus Status, string Message, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>A remediation that fits what this outcome found, instead of the rule's general one (null: the rule's).</summary>
    public string? Remediation { get; init; }

    /// <summary>An update rollup of the judged version that this outcome asks for right after the upgrade (VMM-PATH-003), for the upgrade plan.</summary>
    public int? RequiredUpdateRollup { get; init; }

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
public sealed class RuleContext(Snapshot snapshot, TargetVersion target, SupportMatrix matrix, UpgradePlan plan, int? hop = null)
{
    /// <summary>The 0-based hop of a multi-hop plan being judged (<see cref="Target"/> is then that hop's version); null otherwise.</summary>
    public int? Hop { get; } = hop;

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
