using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Core.Workflow;

/// <summary>
/// Applies accepted risks to a result. Pure: the time is an input (<c>asOf</c>), so the same result, waivers and time
/// give the same bytes, and a timer can re-apply at an expiry without a new snapshot. Semantics in docs/workflow.md.
/// </summary>
public static class WaiverApplication
{
    /// <summary>
    /// <paramref name="result"/> with every waiver mark of a previous application removed, then each failing finding
    /// matched by a live waiver (<see cref="Waiver.IsLiveAt"/>) marked with it; readiness and counts recomputed by
    /// <see cref="ReadinessCalculator"/>, the upgrade plan's failing prerequisites of a waived finding marked alike, and
    /// the delta's after side (<see cref="AssessmentResult.Changes"/>) brought up to date.
    /// <para>
    /// A waiver matches a finding when: its tenant is the result's, its environment (if any) the result's, its rule the
    /// finding's, and the finding's status is Fail (an Unknown finding is not a known risk: collect the data instead).
    /// A waiver with objects matches only when every object the failing evidence names (the finding's and, for a rule
    /// judged per hop, the plan's) matches one of its names or patterns; partial coverage waives nothing. When several
    /// match, the one expiring last wins (then the smallest id).
    /// </para>
    /// </summary>
    public static AssessmentResult Apply(AssessmentResult result, IReadOnlyList<Waiver> waivers, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(waivers);
        var scoped = InScope(result, waivers).Where(w => w.IsLiveAt(asOf)).ToArray();
        var prerequisites = result.UpgradePlan.Hops
            .SelectMany(h => h.Prerequisites)
            .Where(p => p.Status == FindingStatus.Fail)
            .ToLookup(p => p.RuleId, StringComparer.Ordinal);

        var findings = new Finding[result.Findings.Count];
        var marks = new Dictionary<string, FindingWaiver>(StringComparer.Ordinal);
        for (var i = 0; i < findings.Length; i++)
        {
            var finding = result.Findings[i] with { Waiver = null };
            var waiver = finding.Status == FindingStatus.Fail ? Choose(scoped, finding, prerequisites[finding.RuleId]) : null;
            if (waiver is not null)
            {
                var mark = new FindingWaiver(waiver.Id, waiver.Reason, waiver.ExpiresAt);
                marks[finding.RuleId] = mark;
                finding = finding with { Waiver = mark };
            }

            findings[i] = finding;
        }

        var plan = result.UpgradePlan with
        {
            Hops = result.UpgradePlan.Hops.Select(h => h with
            {
                Prerequisites = h.Prerequisites.Select(p => p with
                {
                    Waiver = p.Status == FindingStatus.Fail ? marks.GetValueOrDefault(p.RuleId) : null,
                }).ToArray(),
            }).ToArray(),
        };

        var waived = result with
        {
            Findings = findings,
            Counts = ReadinessCalculator.Count(findings),
            Readiness = ReadinessCalculator.Of(findings),
            UpgradePlan = plan,
        };
        return waived.Changes is { } delta ? waived with { Changes = AssessmentComparison.Refresh(delta, waived) } : waived;
    }

    /// <summary>
    /// The first time after <paramref name="asOf"/> at which applying <paramref name="waivers"/> to this result could
    /// give another answer (a waiver in its scope starts or expires); null when none will. A timer re-applies then.
    /// </summary>
    public static DateTimeOffset? NextChange(AssessmentResult result, IReadOnlyList<Waiver> waivers, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(waivers);
        var rules = result.Findings.Where(f => f.Status == FindingStatus.Fail).Select(f => f.RuleId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return InScope(result, waivers)
            .Where(w => rules.Contains(w.RuleId))
            .SelectMany(w => new[] { w.CreatedAt, w.ExpiresAt })
            .Where(t => t > asOf)
            .Select(t => (DateTimeOffset?)t)
            .Min();
    }

    /// <summary>True when <paramref name="waiver"/>'s objects (if any) cover every object in <paramref name="objects"/>.</summary>
    public static bool Covers(Waiver waiver, IReadOnlyCollection<string> objects)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        ArgumentNullException.ThrowIfNull(objects);
        if (waiver.Objects is null)
        {
            return true;
        }

        // A waiver that names objects names what it accepts: a finding naming none is not among them.
        return objects.Count > 0 && objects.All(o => waiver.Objects.Any(p => Matches(p, o)));
    }

    private static IEnumerable<Waiver> InScope(AssessmentResult result, IReadOnlyList<Waiver> waivers) =>
        waivers.Where(w => string.Equals(w.TenantId, result.TenantId, StringComparison.Ordinal)
            && (w.EnvironmentId is null || string.Equals(w.EnvironmentId, result.EnvironmentId, StringComparison.Ordinal)));

    private static Waiver? Choose(Waiver[] scoped, Finding finding, IEnumerable<HopPrerequisite> prerequisites)
    {
        var candidates = scoped.Where(w => string.Equals(w.RuleId, finding.RuleId, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var objects = ObjectsOf(finding, prerequisites);
        return candidates
            .Where(w => Covers(w, objects))
            .OrderByDescending(w => w.ExpiresAt)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The objects a failing finding names; the plan's "(more in the … finding)" pointer is not one (the finding has them).</summary>
    private static HashSet<string> ObjectsOf(Finding finding, IEnumerable<HopPrerequisite> prerequisites)
    {
        var objects = new HashSet<string>(finding.Evidence.Select(e => e.Object ?? ""), StringComparer.OrdinalIgnoreCase);
        foreach (var prerequisite in prerequisites)
        {
            objects.UnionWith(prerequisite.Evidence.Select(e => e.Object ?? "").Where(o => !o.StartsWith("(more in the ", StringComparison.Ordinal)));
        }

        return objects;
    }

    /// <summary>
    /// A pattern matches an object name; the "(and N more)" line of a capped finding stands for objects nobody has seen,
    /// so only a match-everything pattern (<c>*</c>) covers it.
    /// </summary>
    private static bool Matches(string? pattern, string objectName) =>
        pattern is null ? false // never in a validated waiver; an unvalidated one must not throw
        : AssessmentComparison.IsMarker(objectName)
            ? pattern.Length > 0 && pattern.All(c => c == '*')
            : WildcardPattern.IsMatch(pattern, objectName);
}
