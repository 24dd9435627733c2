namespace VmmAssess.Core.Tests.Rules;

/// <summary>HA VMM requires DKM (CSA, PI).</summary>
public class HaDkmRuleTests
{
    private const string Id = "VMM-DKM-002";

    [Fact]
    public void Pass_when_dkm_is_configured_names_the_container()
    {
        Assert.Equal("DKM is configured (CN=VMMDKM,DC=contoso,DC=com).", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_without_dkm_blocks_the_upgrade()
    {
        var snapshot = TestSnapshots.Baseline.WithDkm(false);

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("Highly available VMM requires DKM, which is not configured.", finding.Message);
        Assert.Equal(new Evidence("VMM", "dkm.enabled", "false", "true"), Assert.Single(finding.Evidence));
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Unknown_when_dkm_state_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithDkm(null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { Dkm = null })).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_when_high_availability_is_not_known() => HaGateCases.UnknownWhenHighAvailabilityIsNotKnown(Id);

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
