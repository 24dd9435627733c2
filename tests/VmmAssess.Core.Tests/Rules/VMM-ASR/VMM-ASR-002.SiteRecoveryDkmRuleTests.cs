namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// ASR (upgrade-2012R2-to-2016): "If you selected Do not store my keys in Active Directory under Distributed Key
/// Management while installing VMM 2012 R2, the upgrades won't finish successfully."
/// </summary>
public class SiteRecoveryDkmRuleTests
{
    private const string Id = "VMM-ASR-002";

    private static Snapshot From2012R2(bool? provider, bool? dkm) =>
        TestSnapshots.ReadyFor(TargetVersion.Vmm2016).Standalone().WithSiteRecoveryProvider(provider).WithDkm(dkm);

    [Fact]
    public void Fail_blocks_the_upgrade_when_site_recovery_runs_on_2012_r2_without_dkm()
    {
        var result = Assess.Evaluate(From2012R2(true, false));
        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Contains("the upgrades won't finish successfully", finding.Message, StringComparison.Ordinal);
        Assert.Equal(("dkm.enabled", "false"), (finding.Evidence[0].Property, finding.Evidence[0].Actual));
        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Fail_also_for_a_multi_hop_upgrade_from_2012_r2()
    {
        Assess.Rule(Id, From2012R2(true, false).Targeting(TargetVersion.Vmm2022)).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Pass_when_the_keys_are_stored_in_active_directory()
    {
        Assess.Rule(Id, From2012R2(true, true)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_dkm_or_the_provider_state_is_not_collected()
    {
        Assess.Rule(Id, From2012R2(true, null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, From2012R2(null, false)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, From2012R2(true, false).WithSource(null, null)).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_site_recovery_or_after_2012_r2()
    {
        Assess.Rule(Id, From2012R2(false, false)).Expect(FindingStatus.NotApplicable);
        Assess.Rule(Id, TestSnapshots.StandaloneBaseline.WithSiteRecoveryProvider(true).WithDkm(false)).Expect(FindingStatus.NotApplicable);
    }
}
