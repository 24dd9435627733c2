using System.Text.Json;
using VmmAssess.Core.SupportData;
using VmmAssess.Core.Tests.Assessment;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Core.Tests.Workflow;

/// <summary>One environment re-collected over time, and the shipped engine run over each collection.</summary>
internal static class WorkflowFixtures
{
    public const string Host = "VMM-HOST-001";

    public static readonly DateTimeOffset Day1 = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The baseline environment (Ready for VMM 2025) collected <paramref name="day"/> days after <see cref="Day1"/>, with extra Hyper-V hosts.</summary>
    public static Snapshot Collected(int day, params ManagedHost[] extraHosts) =>
        TestSnapshots.Baseline.AddHosts(extraHosts) with
        {
            SnapshotId = new Guid($"00000000-0000-0000-0000-{day:D12}"),
            CollectedAt = Day1.AddDays(day),
        };

    /// <summary>A Hyper-V host on Windows Server 2016, which VMM 2025 cannot manage (VMM-HOST-001, a Blocker).</summary>
    public static ManagedHost OldHost(string name) => TestSnapshots.HyperVHost(name, Builds.WS2016, InstallationType.Server);

    public static AssessmentResult Evaluate(Snapshot snapshot) => Assess.Evaluate(snapshot);

    /// <summary>An evaluator whose rule pack is exactly <paramref name="rules"/> under <paramref name="version"/>.</summary>
    public static AssessmentEvaluator Pack(string version, params Rule[] rules) =>
        new(new RuleCatalog(rules, SupportMatrix.Default, version), SupportMatrix.Default, Checklist.Default);

    public static Rule Stub(string id, Severity severity, FindingStatus status, params string[] objects) =>
        new StubRule(id, severity, status)
        {
            Behaviour = _ => new RuleOutcome(status, $"{status} from {id}", objects.Select(o => new Evidence(o, "p", "a", "e")).ToArray()),
        };

    public static Waiver Waiver(
        string id = "W-1", string tenant = "", string? environment = null, string rule = Host, string[]? objects = null,
        DateTimeOffset? created = null, DateTimeOffset? expires = null) =>
        new(id, tenant.Length == 0 ? TestSnapshots.Baseline.TenantId : tenant, environment, rule, objects,
            "Customer retires these hosts after the upgrade (agreed in CAB)", "alice@msp.example",
            created ?? Day1, expires ?? Day1.AddDays(90), "HALO-1234");

    public static string Bytes(AssessmentResult result) => JsonSerializer.Serialize(result, CoreJsonContext.Default.AssessmentResult);

    public static string Bytes(AssessmentDelta delta) => JsonSerializer.Serialize(delta, WorkflowJsonContext.Default.AssessmentDelta);

    public static FindingChange For(this AssessmentDelta delta, string ruleId) => delta.Changes.Single(c => c.RuleId == ruleId);
}
