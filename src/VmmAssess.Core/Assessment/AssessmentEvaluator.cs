using System.Globalization;
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

        // In a multi-hop upgrade, requirements of the version being installed are judged at every hop, so that advice
        // for the last hop never breaks the first one (VMM 2016 does not install on Windows Server 2022).
        var hopTargets = context is not null && plan.Kind == UpgradePlanKind.MultiHop ? HopTargets(plan) : null;
        var judgedVersions = hopTargets?.Select(t => t.ToWire()).ToArray() ?? [target.ToWire()];
        var errors = UnknownReasons.Report(snapshot);
        var reasons = UnknownReasons.Default.For(snapshot, errors);

        var findings = new List<Finding>(Catalog.Rules.Count);
        var perHop = new Dictionary<string, RuleOutcome[]>(StringComparer.Ordinal);
        var rollups = new Dictionary<string, int?>(StringComparer.Ordinal);
        using var evidenceLimit = ItemChecks.LimitEvidence(MaxEvidencePerFinding);
        foreach (var rule in Catalog.Rules)
        {
            var metadata = rule.Metadata;
            RuleOutcome outcome;
            IReadOnlyList<int>? hops = null;
            if (context is null)
            {
                outcome = RuleOutcome.Unknown($"The support data does not cover target version {target.ToWire()}.");
            }
            else if (hopTargets is not null && metadata.JudgedPerHop)
            {
                var outcomes = new RuleOutcome[hopTargets.Length];
                for (var h = 0; h < hopTargets.Length; h++)
                {
                    outcomes[h] = metadata.Targets.Contains(hopTargets[h])
                        ? Tag(EvaluateSafely(rule, new RuleContext(snapshot, hopTargets[h], matrix, plan, h)), hopTargets[h])
                        : RuleOutcome.NotApplicable($"This rule does not apply to upgrades to {hopTargets[h].DisplayName()}.");
                }

                perHop[metadata.Id] = outcomes;
                (outcome, hops) = Combine(outcomes, plan);
            }
            else
            {
                outcome = metadata.Targets.Contains(target)
                    ? EvaluateSafely(rule, context)
                    : RuleOutcome.NotApplicable($"This rule does not apply to upgrades to {target.DisplayName()}.");
            }

            rollups[metadata.Id] = outcome.RequiredUpdateRollup;
            IReadOnlyList<string>? missing = null;
            IReadOnlyList<string>? errorIds = null;
            string? howTo = null;
            if (outcome.Status == FindingStatus.Unknown)
            {
                (missing, var ids, howTo) = reasons.Explain(metadata.DataPaths);
                errorIds = ids.Count > 0 ? ids : null;
            }

            findings.Add(new Finding(
                metadata.Id, metadata.Title, metadata.Category, metadata.Severity, outcome.Status, outcome.Message,
                outcome.Evidence, outcome.Remediation ?? metadata.Remediation, Catalog.ReferencesOf(metadata, judgedVersions),
                hops, missing, errorIds, howTo));
        }

        var byRule = findings.ToDictionary(f => f.RuleId, StringComparer.Ordinal);
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

        var counts = ReadinessCalculator.Count(findings);
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
            Readiness = ReadinessCalculator.Of(findings),
            Coverage = CoverageOf(counts),
            Counts = counts,
            UpgradePath = new UpgradePathSummary(plan.Direct, plan.Summary, plan.Hops),
            Checklist = checklist.For(snapshot, target),
            Findings = findings,
            CoverageBasis = CoverageBasisOf(counts, errors.Count),
            CollectionErrors = errors,
            UpgradePlan = context is null ? new UpgradePlanReport(plan.Kind, plan.Summary, []) : PlanReport(snapshot, plan, byRule, perHop, rollups),
        };
    }

    private static TargetVersion[] HopTargets(UpgradePlan plan) =>
        plan.Hops.Select(h => VersionNames.TryParseTarget(h.To, out var t) ? t : throw new InvalidOperationException($"Upgrade path target '{h.To}' is not a target version.")).ToArray();

    /// <summary>Evidence of a hop names the version it was judged against: "Windows Server 2016 for VMM 2016".</summary>
    private static RuleOutcome Tag(RuleOutcome outcome, TargetVersion hopTarget) =>
        outcome.Evidence.Count == 0
            ? outcome
            : outcome with { Evidence = outcome.Evidence.Select(e => e.Expected is { } expected ? e with { Expected = ForHop(expected, hopTarget) } : e).ToArray() };

    private static string ForHop(string expected, TargetVersion hopTarget)
    {
        var note = expected.IndexOf("; ", StringComparison.Ordinal);
        return note < 0 ? $"{expected} for {hopTarget.DisplayName()}" : $"{expected[..note]} for {hopTarget.DisplayName()}{expected[note..]}";
    }

    /// <summary>One finding for a rule judged at every hop: the first hop it blocks leads, and the finding names every hop it blocks.</summary>
    private static (RuleOutcome Outcome, IReadOnlyList<int>? Hops) Combine(RuleOutcome[] outcomes, UpgradePlan plan)
    {
        foreach (var status in new[] { FindingStatus.Fail, FindingStatus.Unknown })
        {
            var affected = Enumerable.Range(0, outcomes.Length).Where(h => outcomes[h].Status == status).ToArray();
            if (affected.Length == 0)
            {
                continue;
            }

            var first = outcomes[affected[0]];
            var also = affected.Length > 1
                ? " " + string.Join(" ", affected.Skip(1).Select(h => $"{HopLabel(plan, h)}: {outcomes[h].Message}"))
                : "";
            return (first with { Message = $"{HopLabel(plan, affected[0])}: {first.Message}{also}" }, affected.Select(h => h + 1).ToArray());
        }

        var judged = outcomes.Where(o => o.Status == FindingStatus.Pass).ToArray();
        if (judged.Length == 0)
        {
            return (outcomes[^1], null);
        }

        var versions = string.Join(", ", plan.Hops.Select(h => Name(h.To)));
        return (RuleOutcome.Pass($"Judged for every hop ({versions}): {judged[^1].Message}"), null);
    }

    private static string HopLabel(UpgradePlan plan, int hop) =>
        $"Hop {(hop + 1).ToString(CultureInfo.InvariantCulture)} of {plan.Hops.Count.ToString(CultureInfo.InvariantCulture)} ({Name(plan.Hops[hop].From)} → {Name(plan.Hops[hop].To)})";

    private static string Name(string product) => product == "2012R2" ? "VMM 2012 R2" : "VMM " + product;

    /// <summary>
    /// The upgrade plan hop by hop. A requirement judged per hop is a prerequisite of each hop it blocks; every other
    /// finding that fails or lacks data must be dealt with before the first hop.
    /// </summary>
    private UpgradePlanReport PlanReport(Snapshot snapshot, UpgradePlan plan, Dictionary<string, Finding> byRule, Dictionary<string, RuleOutcome[]> perHop,
        Dictionary<string, int?> rollups)
    {
        if (plan.Kind is not (UpgradePlanKind.Direct or UpgradePlanKind.NeedsUpdateRollup or UpgradePlanKind.MultiHop))
        {
            return new UpgradePlanReport(plan.Kind, plan.Summary, []);
        }

        var hops = new List<PlannedHop>(plan.Hops.Count);
        for (var h = 0; h < plan.Hops.Count; h++)
        {
            var hop = plan.Hops[h];
            var hopTarget = HopTargets(plan)[h];
            var prerequisites = new List<HopPrerequisite>();
            int? requiredRollup = null;
            foreach (var rule in Catalog.Rules)
            {
                var metadata = rule.Metadata;
                var finding = byRule[metadata.Id];
                if (perHop.TryGetValue(metadata.Id, out var outcomes))
                {
                    var outcome = outcomes[h];
                    if (outcome.Status is FindingStatus.Fail or FindingStatus.Unknown)
                    {
                        prerequisites.Add(new HopPrerequisite(metadata.Id, metadata.Title, metadata.Severity, outcome.Status, outcome.Message, Brief(outcome.Evidence, metadata.Id)));
                    }

                    requiredRollup = Max(requiredRollup, outcome.Status == FindingStatus.Fail ? outcome.RequiredUpdateRollup : null);
                    continue;
                }

                // The path rule describes the plan itself; only its update-rollup precondition is a step to take.
                var isPlanItself = metadata.Id == "VMM-PATH-001" && plan.Kind == UpgradePlanKind.MultiHop;
                if (h == 0 && !isPlanItself && finding.Status is FindingStatus.Fail or FindingStatus.Unknown)
                {
                    prerequisites.Add(new HopPrerequisite(metadata.Id, metadata.Title, metadata.Severity, finding.Status, finding.Message, Brief(finding.Evidence, metadata.Id)));
                }

                if (plan.Kind != UpgradePlanKind.MultiHop && metadata.Id == "VMM-PATH-003" && finding.Status == FindingStatus.Fail)
                {
                    requiredRollup = Max(requiredRollup, rollups.GetValueOrDefault(metadata.Id));
                }
            }

            prerequisites.Sort(static (a, b) =>
            {
                var byStatus = a.Status.CompareTo(b.Status);
                if (byStatus != 0)
                {
                    return byStatus;
                }

                var bySeverity = a.Severity.CompareTo(b.Severity);
                return bySeverity != 0 ? bySeverity : string.CompareOrdinal(a.RuleId, b.RuleId);
            });

            var nextMinimum = h + 1 < plan.Hops.Count ? plan.Hops[h + 1].MinUpdateRollup : null;
            var rollup = Max(requiredRollup, nextMinimum);
            var reasons = new List<string>(2);
            if (nextMinimum is { } next)
            {
                reasons.Add($"the upgrade to {Name(plan.Hops[h + 1].To)} requires {Name(hop.To)} UR{next.ToString(CultureInfo.InvariantCulture)} or later");
            }

            if (requiredRollup is { } needed)
            {
                reasons.Add($"parts of the estate are supported by {Name(hop.To)} only from UR{needed.ToString(CultureInfo.InvariantCulture)} (VMM-PATH-003)");
            }

            var adk = matrix.For(hopTarget).Adk.Name;
            var start = h == 0 && hop.MinUpdateRollup is { } minimum && (snapshot.Vmm?.UpdateRollup is null || snapshot.Vmm.UpdateRollup < minimum)
                ? $"Apply {Name(hop.From)} UR{minimum.ToString(CultureInfo.InvariantCulture)} or later first ({(snapshot.Vmm?.UpdateRollup is { } ur ? $"UR{ur.ToString(CultureInfo.InvariantCulture)} installed" : "the installed update rollup is not known")}). "
                : "";
            var step = $"{start}Take a full backup of the VMM database; uninstall {Name(hop.From)} (server and console) choosing Retain database; " +
                $"upgrade the management server operating system to one {Name(hop.To)} supports where needed; install the {adk}; " +
                $"install {Name(hop.To)} against the existing database and accept the database upgrade.";
            var title = $"{Name(hop.From)}{(hop.MinUpdateRollup is { } min ? $" UR{min.ToString(CultureInfo.InvariantCulture)}+" : "")} → {Name(hop.To)}";
            hops.Add(new PlannedHop(
                h + 1, hop.From, hop.To, title, hop.MinUpdateRollup, prerequisites, step, rollup,
                reasons.Count == 0 ? null : $"Apply {Name(hop.To)} UR{rollup!.Value.ToString(CultureInfo.InvariantCulture)} or later right after this hop: {string.Join("; ", reasons)}.",
                checklist.For(snapshot, hopTarget).Where(i => i.Phase == ChecklistPhase.AfterUpgrade).ToArray()));
        }

        return new UpgradePlanReport(plan.Kind, plan.Summary, hops);
    }

    /// <summary>The plan repeats a finding per hop: it keeps the first items and points at the finding for the rest, so results stay storable.</summary>
    private static IReadOnlyList<Evidence> Brief(IReadOnlyList<Evidence> evidence, string ruleId) =>
        evidence.Count <= MaxPlanEvidence
            ? evidence
            : [.. evidence.Take(MaxPlanEvidence), new Evidence($"(more in the {ruleId} finding)", "", null, null)];

    public const int MaxPlanEvidence = 10;

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

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

    private static double CoverageOf(FindingCounts counts)
    {
        var applicable = counts.Fail + counts.Unknown + counts.Pass;
        return applicable == 0 ? 0 : Math.Round((double)(counts.Fail + counts.Pass) / applicable, 4);
    }

    private static string CoverageBasisOf(FindingCounts counts, int collectionErrors)
    {
        var applicable = counts.Fail + counts.Unknown + counts.Pass;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{counts.Fail + counts.Pass} of {applicable} applicable rules had the data they need ({counts.Pass} pass, {counts.Fail} fail); {counts.Unknown} could not be judged (Unknown); {counts.NotApplicable} rules do not apply and are not counted.");
        return collectionErrors == 0
            ? text
            : text + string.Create(CultureInfo.InvariantCulture, $" The collector reported {collectionErrors} collection error(s); see collectionErrors.");
    }
}
