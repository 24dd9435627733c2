using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Assessment;

/// <summary>
/// Runs the rule catalog over a snapshot. Pure and deterministic: the same snapshot and rule pack give the same
/// result, ordering included; the only input from outside is <c>assessedAt</c>, which the caller passes in.
/// </summary>
public sealed class AssessmentEvaluator(RuleCatalog catalog, SupportMatrix matrix, Checklist checklist)
{
    public static AssessmentEvaluator Default { get; } = new(RuleCatalog.Default, SupportMatrix.Default, Checklist.Default);

    public RuleCatalog Catalog { get; } = catalog;

    /// <summary>
    /// Evidence objects kept per finding; past it a finding ends with "(and N more)". The default keeps stored results
    /// small (Table Storage caps a property at 64 KiB); a local full export (the CLI's --full-evidence) raises it.
    /// </summary>
    public int MaxEvidencePerFinding
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A finding keeps at least one evidence object.");
    } = ItemChecks.DefaultMaxEvidence;

    public AssessmentResult Evaluate(Snapshot snapshot, DateTimeOffset assessedAt, TargetVersion? targetOverride = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var target = targetOverride ?? snapshot.TargetVersion;
        var plan = UpgradePlanner.Plan(snapshot.Vmm?.Product, snapshot.Vmm?.UpdateRollup, target, matrix);
        // A target the support data does not cover (an undefined value, e.g. a snapshot built in code without one) cannot
        // be judged: every rule is Unknown, so readiness is Unknown, instead of an exception that loses the assessment.
        var context = matrix.Covers(target) ? new RuleContext(snapshot, target, matrix, plan) : null;

        var findings = new List<Finding>(Catalog.Rules.Count);
        using var evidenceLimit = ItemChecks.LimitEvidence(MaxEvidencePerFinding);
        foreach (var rule in Catalog.Rules)
        {
            var metadata = rule.Metadata;
            var outcome = context is null
                ? RuleOutcome.Unknown($"The support data does not cover target version {target.ToWire()}.")
                : metadata.Targets.Contains(target)
                    ? EvaluateSafely(rule, context)
                    : RuleOutcome.NotApplicable($"This rule does not apply to upgrades to {target.DisplayName()}.");
            findings.Add(new Finding(
                metadata.Id, metadata.Title, metadata.Category, metadata.Severity, outcome.Status, outcome.Message,
                outcome.Evidence, metadata.Remediation, Catalog.ReferencesOf(metadata)));
        }

        findings.Sort(static (a, b) =>
        {
            var byStatus = a.Status.CompareTo(b.Status);
            if (byStatus != 0)
            {
                return byStatus;
            }

            var bySeverity = a.Severity.CompareTo(b.Severity);
            return bySeverity != 0 ? bySeverity : string.CompareOrdinal(a.RuleId, b.RuleId);
        });

        var counts = Count(findings);
        return new AssessmentResult
        {
            SnapshotId = snapshot.SnapshotId,
            TenantId = snapshot.TenantId,
            EnvironmentId = snapshot.EnvironmentId,
            Source = new SourceVersion(snapshot.Vmm?.Product, snapshot.Vmm?.UpdateRollup),
            TargetVersion = target,
            RulePackVersion = Catalog.RulePackVersion,
            CollectedAt = snapshot.CollectedAt,
            AssessedAt = assessedAt,
            Readiness = ReadinessOf(findings),
            Coverage = CoverageOf(counts),
            Counts = counts,
            UpgradePath = new UpgradePathSummary(plan.Direct, plan.Summary, plan.Hops),
            Checklist = checklist.For(snapshot, target),
            Findings = findings,
        };
    }

    /// <summary>
    /// A defect in one rule must not lose the whole assessment (the message would otherwise be retried and
    /// dead-lettered): it becomes an Unknown finding that names the failure, and the property tests assert it never happens.
    /// </summary>
    private static RuleOutcome EvaluateSafely(Rule rule, RuleContext context)
    {
        try
        {
            return rule.Evaluate(context);
        }
#pragma warning disable CA1031 // Any rule defect is contained and reported, by design.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return RuleOutcome.Unknown($"{InternalErrorPrefix}{ex.GetType().Name}: {ex.Message}");
        }
    }

    public const string InternalErrorPrefix = "The rule could not be evaluated: ";

    private static Readiness ReadinessOf(List<Finding> findings)
    {
        if (findings.Any(f => f.Severity == Severity.Blocker && f.Status == FindingStatus.Fail))
        {
            return Readiness.NotReady;
        }

        if (findings.Any(f => f.Severity == Severity.Blocker && f.Status == FindingStatus.Unknown))
        {
            return Readiness.Unknown;
        }

        return findings.Any(f => f.Status == FindingStatus.Fail && f.Severity is Severity.Warning or Severity.Action)
            ? Readiness.ReadyWithConditions
            : Readiness.Ready;
    }

    private static FindingCounts Count(List<Finding> findings) => new()
    {
        Fail = findings.Count(f => f.Status == FindingStatus.Fail),
        Unknown = findings.Count(f => f.Status == FindingStatus.Unknown),
        Pass = findings.Count(f => f.Status == FindingStatus.Pass),
        NotApplicable = findings.Count(f => f.Status == FindingStatus.NotApplicable),
        Blockers = findings.Count(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Blocker),
        Warnings = findings.Count(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Warning),
        Actions = findings.Count(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Action),
    };

    private static double CoverageOf(FindingCounts counts)
    {
        var applicable = counts.Fail + counts.Unknown + counts.Pass;
        return applicable == 0 ? 0 : Math.Round((double)(counts.Fail + counts.Pass) / applicable, 4);
    }
}
