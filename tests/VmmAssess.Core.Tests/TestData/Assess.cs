using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Tests.TestData;

/// <summary>Runs the shipped evaluator the way the product does, and picks out what a user would look at.</summary>
public static class Assess
{
    public static readonly DateTimeOffset AssessedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static AssessmentResult Evaluate(Snapshot snapshot, TargetVersion? target = null) =>
        AssessmentEvaluator.Default.Evaluate(snapshot, AssessedAt, target);

    /// <summary>The finding of one rule, from a full assessment of the snapshot.</summary>
    public static Finding Rule(string ruleId, Snapshot snapshot, TargetVersion? target = null)
    {
        var findings = Evaluate(snapshot, target).Findings.Where(f => f.RuleId == ruleId).ToList();
        Assert.True(findings.Count == 1, $"Expected exactly one finding for {ruleId}, got {findings.Count}.");
        var finding = findings[0];
        Assert.False(finding.Message.StartsWith(AssessmentEvaluator.InternalErrorPrefix, StringComparison.Ordinal), finding.Message);
        return finding;
    }

    public static Finding Expect(this Finding finding, FindingStatus status)
    {
        Assert.True(finding.Status == status, $"{finding.RuleId}: expected {status}, got {finding.Status}: {finding.Message}");
        return finding;
    }

    /// <summary>The single piece of evidence about <paramref name="objectName"/>.</summary>
    public static Evidence EvidenceFor(this Finding finding, string objectName)
    {
        var matches = finding.Evidence.Where(e => e.Object == objectName).ToList();
        Assert.True(matches.Count == 1,
            $"Expected one evidence item for '{objectName}' in {finding.RuleId}, got: {string.Join("; ", finding.Evidence.Select(e => $"{e.Object}/{e.Property}={e.Actual}"))}");
        return matches[0];
    }

    public static IReadOnlyList<string> EvidenceObjects(this Finding finding) => finding.Evidence.Select(e => e.Object).ToList();
}
