namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// PI (2016): "you must configure the VMM service to use any one of … The Local System account … or A domain user
/// account"; WN19: "VMM 2019 supports the use of gMSA for Management server service account".
/// </summary>
public class GmsaBeforeVmm2019RuleTests
{
    private const string Id = "VMM-ACCT-003";
    private static readonly ServiceAccount Domain = new(ServiceAccountKind.Domain, "CONTOSO\\svc-vmm");
    private static readonly ServiceAccount Gmsa = new(ServiceAccountKind.GroupManaged, "CONTOSO\\gmsa-vmm$");

    private static Snapshot Standalone(TargetVersion target, ServiceAccount? planned) =>
        TestSnapshots.ReadyFor(target).Standalone().WithServiceAccounts(Domain, planned);

    [Fact]
    public void Fail_blocks_a_planned_gmsa_on_standalone_vmm_2016()
    {
        var result = Assess.Evaluate(Standalone(TargetVersion.Vmm2016, Gmsa));
        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("VMM 2016 does not support a group managed service account; gMSA is supported from VMM 2019.", finding.Message);
        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Fail_names_the_2016_hop_of_a_multi_hop_upgrade_from_2012_r2()
    {
        var finding = Assess.Rule(Id, Standalone(TargetVersion.Vmm2016, Gmsa).Targeting(TargetVersion.Vmm2019)).Expect(FindingStatus.Fail);

        Assert.StartsWith("Hop 1 of 2 (VMM 2012 R2 → VMM 2016)", finding.Message, StringComparison.Ordinal);
        Assert.Equal([1], finding.Hops);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2019)]
    [InlineData(TargetVersion.Vmm2022)]
    [InlineData(TargetVersion.Vmm2025)]
    public void Pass_for_a_gmsa_from_vmm_2019_on(TargetVersion target)
    {
        Assess.Rule(Id, Standalone(target, Gmsa)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Pass_for_a_domain_account()
    {
        Assess.Rule(Id, Standalone(TargetVersion.Vmm2016, Domain)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_the_account_kind_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.ReadyFor(TargetVersion.Vmm2016).Standalone().WithServiceAccounts(null, null)).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_for_highly_available_vmm_which_VMM_ACCT_002_judges()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2016).WithServiceAccounts(Domain, Gmsa);
        Assess.Rule(Id, snapshot).Expect(FindingStatus.NotApplicable);
        Assess.Rule("VMM-ACCT-002", snapshot).Expect(FindingStatus.Fail);
    }
}
