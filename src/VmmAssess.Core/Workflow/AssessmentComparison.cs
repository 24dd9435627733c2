using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Workflow;

/// <summary>
/// Compares two assessments of one environment, rule by rule. Pure and deterministic: the same two results give the
/// same delta, ordering included. Semantics in docs/workflow.md.
/// </summary>
public static class AssessmentComparison
{
    /// <summary>
    /// What changed from <paramref name="previous"/> to <paramref name="current"/>. Statuses are the engine's verdicts
    /// (a waiver does not change a finding's kind; <see cref="FindingChange.WaiverBefore"/>/<see cref="FindingChange.WaiverAfter"/>
    /// show it); readiness is each result's as reported. With no previous assessment every open finding is New.
    /// The caller chooses <paramref name="previous"/> (<see cref="PreviousOf"/>); nothing here reorders the two.
    /// </summary>
    public static AssessmentDelta Compare(AssessmentResult? previous, AssessmentResult current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = previous?.Findings.ToDictionary(f => f.RuleId, StringComparer.Ordinal) ?? [];
        var after = current.Findings.ToDictionary(f => f.RuleId, StringComparer.Ordinal);
        var rulePackChanged = previous is not null && !string.Equals(previous.RulePackVersion, current.RulePackVersion, StringComparison.Ordinal);
        var targetChanged = previous is not null && previous.TargetVersion != current.TargetVersion;

        var changes = new List<FindingChange>(after.Count + 4);
        foreach (var id in after.Keys.Union(before.Keys).Order(StringComparer.Ordinal))
        {
            changes.Add(ChangeOf(id, before.GetValueOrDefault(id), after.GetValueOrDefault(id), previous, current, targetChanged));
        }

        changes.Sort(static (a, b) =>
        {
            var byKind = a.Change.CompareTo(b.Change);
            if (byKind != 0)
            {
                return byKind;
            }

            var bySeverity = (a.SeverityAfter ?? a.SeverityBefore ?? Severity.Info).CompareTo(b.SeverityAfter ?? b.SeverityBefore ?? Severity.Info);
            return bySeverity != 0 ? bySeverity : string.CompareOrdinal(a.RuleId, b.RuleId);
        });

        return new AssessmentDelta
        {
            ReadinessBefore = previous?.Readiness,
            ReadinessAfter = current.Readiness,
            RulePackBefore = previous?.RulePackVersion,
            RulePackAfter = current.RulePackVersion,
            Changes = changes,
            RulePackChanged = rulePackChanged,
            Summary = Summarize(changes),
            SnapshotBefore = previous?.SnapshotId,
            SnapshotAfter = current.SnapshotId,
            CollectedAtBefore = previous?.CollectedAt,
            CollectedAtAfter = current.CollectedAt,
            TargetVersionBefore = previous?.TargetVersion,
            TargetVersionAfter = current.TargetVersion,
        };
    }

    /// <summary>
    /// The assessment a new one is compared with: among <paramref name="history"/> (same tenant and environment), the
    /// latest collected strictly before <paramref name="current"/> (ties on collectedAt go to the greater snapshot id),
    /// so a late-arriving older snapshot is compared with what preceded it, never with a later one.
    /// </summary>
    public static AssessmentResult? PreviousOf(IEnumerable<AssessmentResult> history, AssessmentResult current)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(current);
        return history
            .Where(r => r.SnapshotId != current.SnapshotId
                && string.Equals(r.TenantId, current.TenantId, StringComparison.Ordinal)
                && string.Equals(r.EnvironmentId, current.EnvironmentId, StringComparison.Ordinal)
                && r.CollectedAt < current.CollectedAt)
            .OrderByDescending(r => r.CollectedAt)
            .ThenByDescending(r => r.SnapshotId)
            .FirstOrDefault();
    }

    /// <summary>
    /// The delta with its after side brought up to date with <paramref name="current"/> (readiness and waivers), after
    /// waivers were re-applied to the same assessment; the kinds do not depend on waivers and stay as they are.
    /// </summary>
    public static AssessmentDelta Refresh(AssessmentDelta delta, AssessmentResult current)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(current);
        var waivers = current.Findings.ToDictionary(f => f.RuleId, f => f.Waiver?.Id, StringComparer.Ordinal);
        return delta with
        {
            ReadinessAfter = current.Readiness,
            Changes = delta.Changes.Select(c => c with { WaiverAfter = waivers.GetValueOrDefault(c.RuleId) }).ToArray(),
        };
    }

    /// <summary>Fail and Unknown need attention (both keep a customer from Ready); Pass and NotApplicable do not.</summary>
    public static bool IsOpen(FindingStatus status) => status is FindingStatus.Fail or FindingStatus.Unknown;

    private static FindingChange ChangeOf(string ruleId, Finding? before, Finding? after, AssessmentResult? previous, AssessmentResult current, bool targetChanged)
    {
        var openBefore = before is not null && IsOpen(before.Status);
        var openAfter = after is not null && IsOpen(after.Status);
        var (added, removed, changed, truncated) = CompareEvidence(openBefore ? before!.Evidence : [], openAfter ? after!.Evidence : []);
        var evidenceChanged = added.Count > 0 || removed.Count > 0 || changed.Count > 0 || (openBefore && openAfter && Marker(before!.Evidence) != Marker(after!.Evidence));

        var kind = (openBefore, openAfter) switch
        {
            (false, true) => FindingChangeKind.New,
            (true, false) => FindingChangeKind.Resolved,
            (true, true) when before!.Status != after!.Status || before.Severity != after.Severity || evidenceChanged => FindingChangeKind.Changed,
            _ => FindingChangeKind.Unchanged,
        };

        var ruleAdded = previous is not null && before is null;
        var ruleRemoved = after is null;
        string? note = null;
        if (ruleAdded && kind == FindingChangeKind.New)
        {
            note = $"{ruleId} is new in rule pack {current.RulePackVersion} (not in {previous!.RulePackVersion}): this finding is not a change in the environment.";
        }
        else if (ruleRemoved && kind == FindingChangeKind.Resolved)
        {
            note = $"{ruleId} is no longer in rule pack {current.RulePackVersion}: the finding went away with the rule, not because it was fixed.";
        }
        else if (targetChanged && kind != FindingChangeKind.Unchanged)
        {
            note = $"The target version changed ({previous!.TargetVersion.DisplayName()} → {current.TargetVersion.DisplayName()}): the finding may have moved because of the target, not the environment.";
        }

        return new FindingChange
        {
            RuleId = ruleId,
            Change = kind,
            StatusBefore = before?.Status,
            StatusAfter = after?.Status,
            ObjectsAdded = added,
            ObjectsRemoved = removed,
            Title = after?.Title ?? before!.Title,
            SeverityBefore = before?.Severity,
            SeverityAfter = after?.Severity,
            ObjectsChanged = changed,
            RuleAdded = ruleAdded,
            RuleRemoved = ruleRemoved,
            EvidenceTruncated = truncated,
            Note = note,
            WaiverBefore = before?.Waiver?.Id,
            WaiverAfter = after?.Waiver?.Id,
        };
    }

    /// <summary>
    /// Evidence is matched by object name, case-insensitively (VMM names are); the "(and N more)" line a capped finding
    /// ends with is not an object. An object in both whose evidence lines (property, actual, expected) differ is changed.
    /// </summary>
    private static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, bool Truncated) CompareEvidence(
        IReadOnlyList<Evidence> before, IReadOnlyList<Evidence> after)
    {
        var b = ByObject(before);
        var a = ByObject(after);
        var added = a.Keys.Where(k => !b.ContainsKey(k)).Select(k => a[k].Name).ToList();
        var removed = b.Keys.Where(k => !a.ContainsKey(k)).Select(k => b[k].Name).ToList();
        var changed = a.Keys.Where(k => b.TryGetValue(k, out var old) && !old.Lines.SequenceEqual(a[k].Lines)).Select(k => a[k].Name).ToList();
        return (Sorted(added), Sorted(removed), Sorted(changed), Marker(before) is not null || Marker(after) is not null);
    }

    private static Dictionary<string, (string Name, List<string> Lines)> ByObject(IReadOnlyList<Evidence> evidence)
    {
        var map = new Dictionary<string, (string Name, List<string> Lines)>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in evidence)
        {
            if (IsMarker(e))
            {
                continue;
            }

            // A snapshot built in code (not parsed) may leave a name null; it is then the object "".
            var name = e.Object ?? "";
            if (!map.TryGetValue(name, out var entry))
            {
                entry = (name, []);
                map[name] = entry;
            }

            entry.Lines.Add($"{e.Property}\u001f{e.Actual}\u001f{e.Expected}");
        }

        foreach (var entry in map.Values)
        {
            entry.Lines.Sort(StringComparer.Ordinal);
        }

        return map;
    }

    private static List<string> Sorted(List<string> names)
    {
        names.Sort(static (x, y) =>
        {
            var c = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.CompareOrdinal(x, y);
        });
        return names;
    }

    /// <summary>The line a capped finding ends with (<c>(and N more)</c>): a count, not an object.</summary>
    internal static bool IsMarker(Evidence e) =>
        string.IsNullOrEmpty(e.Property) && e.Actual is null && e.Expected is null && IsMarker(e.Object);

    internal static bool IsMarker(string? objectName) =>
        objectName is not null && objectName.StartsWith("(and ", StringComparison.Ordinal) && objectName.EndsWith(" more)", StringComparison.Ordinal);

    private static string? Marker(IReadOnlyList<Evidence> evidence) => evidence.Count > 0 && IsMarker(evidence[^1]) ? evidence[^1].Object : null;

    private static ChangeSummary Summarize(List<FindingChange> changes) => new()
    {
        New = changes.Count(c => c.Change == FindingChangeKind.New),
        Resolved = changes.Count(c => c.Change == FindingChangeKind.Resolved),
        Changed = changes.Count(c => c.Change == FindingChangeKind.Changed),
        Unchanged = changes.Count(c => c.Change == FindingChangeKind.Unchanged),
        NewFromAddedRules = changes.Count(c => c.Change == FindingChangeKind.New && c.RuleAdded),
        ResolvedByRemovedRules = changes.Count(c => c.Change == FindingChangeKind.Resolved && c.RuleRemoved),
        NewBlockers = changes.Count(c => c.Change == FindingChangeKind.New && c.SeverityAfter == Severity.Blocker),
        ResolvedBlockers = changes.Count(c => c.Change == FindingChangeKind.Resolved && c.SeverityBefore == Severity.Blocker),
    };
}
