using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Tests.Assessment;

/// <summary>A rule with a fixed answer, to pin down how the evaluator combines findings independently of the shipped rules.</summary>
internal sealed class StubRule(string id, Severity severity, FindingStatus status, params TargetVersion[] targets) : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        id, "Stub " + id, RuleCategory.Common, severity,
        targets.Length == 0 ? [TargetVersion.Vmm2016, TargetVersion.Vmm2019, TargetVersion.Vmm2022, TargetVersion.Vmm2025] : targets,
        "A stub.", "Nothing to do.", ["U25"]);

    public Func<RuleContext, RuleOutcome>? Behaviour { get; init; }

    public override RuleOutcome Evaluate(RuleContext context) =>
        Behaviour?.Invoke(context) ?? new RuleOutcome(status, $"{status} from {id}", status == FindingStatus.Fail ? [new Evidence(id, "p", "a", "e")] : []);

    public static AssessmentEvaluator Evaluator(params Rule[] rules) =>
        new(new RuleCatalog(rules, SupportMatrix.Default, "test-pack"), SupportMatrix.Default, Checklist.Default);
}
