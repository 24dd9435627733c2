using System.Text.Json;
using CsCheck;
using VmmAssess.Core.Tests.Properties;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Core.Tests.Workflow;

/// <summary>What holds for any snapshot and any waivers: waivers only ever improve readiness, never lose a finding, and re-apply to the same bytes.</summary>
public class WorkflowPropertyTests
{
    private static readonly int Iterations = PropertyBudget.Iterations(150);

    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Waivers built from the result's own findings (whole, by exact objects, by "*", by the first object only) plus noise.</summary>
    private static Waiver[] WaiversFor(AssessmentResult result, int seed)
    {
        var random = new Random(seed);
        var waivers = new List<Waiver>();
        foreach (var finding in result.Findings.Where(_ => random.Next(3) == 0))
        {
            var names = finding.Evidence.Select(e => e.Object).Distinct().ToArray();
            string[]? objects = random.Next(4) switch
            {
                0 => null,
                1 => names.Length > 0 ? names : ["*"],
                2 => ["*"],
                _ => names.Take(1).Select(n => n?.ToUpperInvariant()!).ToArray(),
            };
            var created = Start.AddDays(random.Next(0, 60));
            waivers.Add(new Waiver(
                $"W-{waivers.Count}", random.Next(8) == 0 ? "someone-else" : result.TenantId, random.Next(4) == 0 ? "other-env" : null,
                finding.RuleId, objects, "accepted", "me", created, created.AddDays(random.Next(1, 366))));
        }

        return [.. waivers];
    }

    private static string Bytes(AssessmentResult result) => JsonSerializer.Serialize(result, CoreJsonContext.Default.AssessmentResult);

    [Fact]
    public void Waivers_never_worsen_readiness_never_lose_a_finding_and_re_apply_to_the_same_bytes()
    {
        Gen.Select(Gen.Frequency((1, SnapshotGenerators.AnySnapshot), (2, SnapshotGenerators.DamagedSnapshot)), Gen.Int[0, 1_000_000], Gen.Int[0, 120])
            .Sample((snapshot, seed, day) =>
            {
                var result = Assess.Evaluate(snapshot);
                var waivers = WaiversFor(result, seed);
                var asOf = Start.AddDays(day);

                var waived = WaiverApplication.Apply(result, waivers, asOf);

                Assert.True(waived.Readiness >= result.Readiness, $"{result.Readiness} became {waived.Readiness}");
                Assert.Equal(result.Findings.Select(f => (f.RuleId, f.Status)), waived.Findings.Select(f => (f.RuleId, f.Status)));
                var c = waived.Counts;
                Assert.Equal(result.Findings.Count, c.Fail + c.Unknown + c.Pass + c.NotApplicable + c.Waived);
                Assert.Equal(result.Counts.Blockers, c.Blockers + c.WaivedBlockers);
                Assert.All(waived.Findings.Where(f => f.Waiver is not null), f =>
                {
                    Assert.Equal(FindingStatus.Fail, f.Status);
                    var waiver = waivers.Single(w => w.Id == f.Waiver!.Id);
                    Assert.True(waiver.IsLiveAt(asOf) && waiver.TenantId == result.TenantId && waiver.RuleId == f.RuleId);
                });
                Assert.Equal(Bytes(waived), Bytes(WaiverApplication.Apply(waived, waivers, asOf)));
                Assert.Equal(Bytes(result), Bytes(WaiverApplication.Apply(waived, [], asOf)));
                Assert.All(AssessmentComparison.Compare(result, waived).Changes, ch => Assert.Equal(FindingChangeKind.Unchanged, ch.Change));
            }, iter: Iterations, print: s => EvaluatorPropertyTests.Describe(s.Item1));
    }

    [Fact]
    public void A_result_saved_as_json_and_read_back_compares_as_unchanged()
    {
        Gen.Frequency((1, SnapshotGenerators.AnySnapshot), (2, SnapshotGenerators.DamagedSnapshot)).Sample(snapshot =>
        {
            var result = Assess.Evaluate(snapshot);

            var saved = JsonSerializer.Deserialize(Bytes(result), CoreJsonContext.Default.AssessmentResult)!;

            Assert.Equal(Bytes(result), Bytes(saved));
            var delta = AssessmentComparison.Compare(saved, result);
            Assert.All(delta.Changes, ch => Assert.Equal(FindingChangeKind.Unchanged, ch.Change));
            Assert.Equal(result.Findings.Count, delta.Summary.Unchanged);
        }, iter: Iterations / 2, print: EvaluatorPropertyTests.Describe);
    }
}
