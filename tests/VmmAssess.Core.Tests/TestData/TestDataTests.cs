using System.Text.Json;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Tests.TestData;

/// <summary>The builder's promise: every clean snapshot is a valid document and Ready for its target, so rule tests start from green.</summary>
public class TestDataTests
{
    public static TheoryData<TargetVersion> Targets => new(Enum.GetValues<TargetVersion>());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Clean_snapshot_is_ready_with_every_applicable_rule_passing(TargetVersion target)
    {
        var result = Assess.Evaluate(TestSnapshots.ReadyFor(target));

        var notPassing = result.Findings.Where(f => f.Status is FindingStatus.Fail or FindingStatus.Unknown).Select(f => $"{f.RuleId} {f.Status}: {f.Message}");
        Assert.Empty(notPassing);
        Assert.Equal(Readiness.Ready, result.Readiness);
        Assert.Equal(1.0, result.Coverage);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Clean_standalone_snapshot_is_ready(TargetVersion target)
    {
        var result = Assess.Evaluate(TestSnapshots.ReadyFor(target).Standalone());

        Assert.Empty(result.Findings.Where(f => f.Status is FindingStatus.Fail or FindingStatus.Unknown).Select(f => f.RuleId));
        Assert.Equal(Readiness.Ready, result.Readiness);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Clean_snapshot_is_a_valid_contract_document(TargetVersion target)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(TestSnapshots.ReadyFor(target), CoreJsonContext.Default.Snapshot);

        var parsed = SnapshotParser.Parse(json);

        Assert.Empty(parsed.Errors.Select(e => e.ToString()));
        Assert.True(parsed.IsValid);
    }
}
