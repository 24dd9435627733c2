using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Tests.Assessment;

/// <summary>Stored results keep 50 evidence objects per finding; a full export (opt-in) keeps every affected object.</summary>
public class EvidenceLimitTests
{
    private static readonly Snapshot LargeEstate = TestSnapshots.ReadyFor(TargetVersion.Vmm2019)
        .WithHosts(Enumerable.Range(1, 60).Select(i => TestSnapshots.EsxHost($"esx{i:00}.contoso.com", "7.0.3")).ToArray());

    private static readonly AssessmentEvaluator FullEvidence =
        new(RuleCatalog.Default, SupportMatrix.Default, Checklist.Default) { MaxEvidencePerFinding = int.MaxValue };

    [Fact]
    public void Full_evidence_lists_every_affected_object_without_a_remainder_line()
    {
        var finding = FullEvidence.Evaluate(LargeEstate, Assess.AssessedAt).Findings.Single(f => f.RuleId == "VMM-PATH-003");

        Assert.Equal(FindingStatus.Fail, finding.Status);
        Assert.Equal(60, finding.Evidence.Count);
        Assert.Equal("esx60.contoso.com", finding.Evidence[^1].Object);
        Assert.DoesNotContain(finding.Evidence, e => e.Object.StartsWith("(and ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_evaluator_still_keeps_fifty_after_a_full_evaluation_on_the_same_thread()
    {
        FullEvidence.Evaluate(LargeEstate, Assess.AssessedAt);

        var finding = AssessmentEvaluator.Default.Evaluate(LargeEstate, Assess.AssessedAt).Findings.Single(f => f.RuleId == "VMM-PATH-003");

        Assert.Equal(51, finding.Evidence.Count);
        Assert.Equal("(and 10 more)", finding.Evidence[^1].Object);
    }

    [Fact]
    public void Full_evidence_changes_nothing_else_in_the_result()
    {
        var capped = AssessmentEvaluator.Default.Evaluate(LargeEstate, Assess.AssessedAt);
        var full = FullEvidence.Evaluate(LargeEstate, Assess.AssessedAt);

        Assert.Equal(capped.Readiness, full.Readiness);
        Assert.Equal(capped.Counts, full.Counts);
        Assert.Equal(capped.Findings.Select(f => (f.RuleId, f.Status, f.Message)), full.Findings.Select(f => (f.RuleId, f.Status, f.Message)));
    }

    [Fact]
    public void A_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssessmentEvaluator(RuleCatalog.Default, SupportMatrix.Default, Checklist.Default) { MaxEvidencePerFinding = 0 });
    }
}
