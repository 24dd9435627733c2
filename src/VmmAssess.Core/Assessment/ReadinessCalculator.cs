using VmmAssess.Core.Rules;

namespace VmmAssess.Core.Assessment;

/// <summary>
/// Readiness and counts from a list of findings: one function for the evaluator and for applying waivers, so a waived
/// result and a fresh one can never disagree on what turns a customer red.
/// </summary>
public static class ReadinessCalculator
{
    /// <summary>
    /// A failing Blocker makes it NotReady, a Blocker without data Unknown, any other failing Warning or Action
    /// ReadyWithConditions. A waived finding (<see cref="Finding.Waiver"/>) is an accepted risk: it does not count.
    /// </summary>
    public static Readiness Of(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        bool blockerFails = false, blockerUnknown = false, conditions = false;
        foreach (var f in findings)
        {
            if (f.Waiver is not null)
            {
                continue;
            }

            blockerFails |= f.Severity == Severity.Blocker && f.Status == FindingStatus.Fail;
            blockerUnknown |= f.Severity == Severity.Blocker && f.Status == FindingStatus.Unknown;
            conditions |= f.Status == FindingStatus.Fail && f.Severity is Severity.Warning or Severity.Action;
        }

        return blockerFails ? Readiness.NotReady
            : blockerUnknown ? Readiness.Unknown
            : conditions ? Readiness.ReadyWithConditions
            : Readiness.Ready;
    }

    /// <summary>
    /// Findings by status and failing findings by severity, waived findings apart: Fail, Unknown, Pass and NotApplicable
    /// plus Waived add up to the number of findings; Blockers, Warnings and Actions count the failing findings that are
    /// not waived, WaivedBlockers the waived Blockers.
    /// </summary>
    public static FindingCounts Count(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int fail = 0, unknown = 0, pass = 0, notApplicable = 0, blockers = 0, warnings = 0, actions = 0, waived = 0, waivedBlockers = 0;
        foreach (var f in findings)
        {
            if (f.Waiver is not null)
            {
                waived++;
                waivedBlockers += f.Severity == Severity.Blocker ? 1 : 0;
                continue;
            }

            switch (f.Status)
            {
                case FindingStatus.Fail:
                    fail++;
                    blockers += f.Severity == Severity.Blocker ? 1 : 0;
                    warnings += f.Severity == Severity.Warning ? 1 : 0;
                    actions += f.Severity == Severity.Action ? 1 : 0;
                    break;
                case FindingStatus.Unknown:
                    unknown++;
                    break;
                case FindingStatus.Pass:
                    pass++;
                    break;
                default:
                    notApplicable++;
                    break;
            }
        }

        return new FindingCounts
        {
            Fail = fail, Unknown = unknown, Pass = pass, NotApplicable = notApplicable,
            Blockers = blockers, Warnings = warnings, Actions = actions, Waived = waived, WaivedBlockers = waivedBlockers,
        };
    }
}
