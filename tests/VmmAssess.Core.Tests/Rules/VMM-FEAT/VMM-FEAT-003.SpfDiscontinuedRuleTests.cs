namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// U25: "Service Provider Foundation (SPF) is discontinued from System Center 2025. However, SPF 2022 will continue to
/// work with System Center 2025 components." Nothing is lost at the upgrade: information, not a warning (D13).
/// </summary>
public class SpfDiscontinuedRuleTests
{
    private const string Id = "VMM-FEAT-003";

    [Fact]
    public void Fail_as_information_when_spf_is_installed_and_readiness_is_unchanged()
    {
        var snapshot = TestSnapshots.Baseline.WithFeatures(f => f with { SpfInstalled = true });
        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("SPF 2022 keeps working with VMM 2025", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Readiness.Ready, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Pass_when_spf_is_not_installed()
    {
        Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_spf_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { SpfInstalled = null })).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_before_2025()
    {
        Assess.Rule(Id, TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithFeatures(f => f with { SpfInstalled = true })).Expect(FindingStatus.NotApplicable);
    }
}
