namespace VmmAssess.Core.Tests.Rules;

public class PendingRebootRuleTests
{
    private const string Id = "VMM-OPS-002";

    [Fact]
    public void Pass_when_no_restart_is_pending()
    {
        Assert.Equal("No restart is pending.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_when_a_restart_is_pending()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { PendingReboot = true })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("A restart is pending on the management server.", finding.Message);
        Assert.Equal(new Evidence("VMM", "pendingReboot", "true", "false"), Assert.Single(finding.Evidence));
    }

    [Fact]
    public void Unknown_when_not_collected()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { PendingReboot = null })).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not say whether a restart is pending.", finding.Message);
    }
}
