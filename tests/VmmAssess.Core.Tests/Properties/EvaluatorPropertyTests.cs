using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace VmmAssess.Core.Tests.Properties;

/// <summary>
/// Missing data never crashes anything (it makes rules Unknown), and a snapshot plus a rule pack always give the
/// same result, so results can be diffed and re-run.
/// </summary>
public class EvaluatorPropertyTests
{
    private static readonly int Iterations = PropertyBudget.Iterations(400);

    [Fact]
    public void No_snapshot_however_malformed_makes_the_evaluator_throw_or_report_an_internal_error()
    {
        Gen.Select(Gen.Frequency((1, SnapshotGenerators.AnySnapshot), (2, SnapshotGenerators.DamagedSnapshot)), SnapshotGenerators.Target.Nullable(0.7))
            .Sample((snapshot, target) =>
            {
                var result = AssessmentEvaluator.Default.Evaluate(snapshot, Assess.AssessedAt, target);

                Assert.Equal(RuleCatalog.Default.Rules.Count, result.Findings.Count);
                var internalErrors = result.Findings.Where(f => f.Message.StartsWith(AssessmentEvaluator.InternalErrorPrefix, StringComparison.Ordinal)).Select(f => $"{f.RuleId}: {f.Message}");
                Assert.Empty(internalErrors);
                Assert.InRange(result.Coverage, 0, 1);
                _ = JsonSerializer.SerializeToUtf8Bytes(result, CoreJsonContext.Default.AssessmentResult);
            }, iter: Iterations, print: Describe);
    }

    [Fact]
    public void The_same_snapshot_gives_byte_identical_results_apart_from_assessed_at()
    {
        var other = TestSnapshots.Baseline.WithVmm(v => v with { RunningJobs = 7 });
        Gen.Select(Gen.Frequency((1, SnapshotGenerators.AnySnapshot), (2, SnapshotGenerators.DamagedSnapshot)), SnapshotGenerators.Target.Nullable(0.7))
            .Sample((snapshot, target) =>
            {
                var first = AssessmentEvaluator.Default.Evaluate(snapshot, Assess.AssessedAt, target);
                _ = AssessmentEvaluator.Default.Evaluate(other, Assess.AssessedAt); // nothing may leak from one evaluation into the next
                var second = AssessmentEvaluator.Default.Evaluate(snapshot, Assess.AssessedAt.AddDays(3), target);

                Assert.Equal(WithoutAssessedAt(first), WithoutAssessedAt(second));
            }, iter: Iterations / 2, print: Describe);
    }

    [Fact]
    public void Same_snapshot_and_same_assessed_at_give_the_same_bytes()
    {
        SnapshotGenerators.DamagedSnapshot.Sample(snapshot =>
        {
            var first = JsonSerializer.SerializeToUtf8Bytes(AssessmentEvaluator.Default.Evaluate(snapshot, Assess.AssessedAt), CoreJsonContext.Default.AssessmentResult);
            var second = JsonSerializer.SerializeToUtf8Bytes(AssessmentEvaluator.Default.Evaluate(snapshot, Assess.AssessedAt), CoreJsonContext.Default.AssessmentResult);

            Assert.Equal(first, second);
        }, iter: Iterations / 4, print: Describe);
    }

    [Fact]
    public void A_snapshot_read_back_from_its_json_assesses_the_same()
    {
        SnapshotGenerators.ValidSnapshot.Sample(snapshot =>
        {
            var parsed = SnapshotParser.Parse(JsonSerializer.SerializeToUtf8Bytes(snapshot, CoreJsonContext.Default.Snapshot));
            Assert.True(parsed.IsValid, string.Join("; ", parsed.ErrorTexts()));

            Assert.Equal(WithoutAssessedAt(Assess.Evaluate(snapshot)), WithoutAssessedAt(Assess.Evaluate(parsed.Snapshot!)));
        }, iter: Iterations / 4, print: Describe);
    }

    private static string WithoutAssessedAt(AssessmentResult result)
    {
        var json = JsonSerializer.SerializeToNode(result, CoreJsonContext.Default.AssessmentResult)!.AsObject();
        Assert.True(json.Remove("assessedAt"));
        return json.ToJsonString();
    }

    internal static string Describe(Snapshot snapshot)
    {
        try
        {
            return JsonSerializer.Serialize(snapshot, CoreJsonContext.Indented.Snapshot);
        }
#pragma warning disable CA1031 // a printer for a failing case must never hide the failure
        catch (Exception)
#pragma warning restore CA1031
        {
            return snapshot.ToString();
        }
    }

    private static string Describe((Snapshot Snapshot, TargetVersion? Target) sample) => $"target override {sample.Target?.ToString() ?? "none"}\n{Describe(sample.Snapshot)}";
}
