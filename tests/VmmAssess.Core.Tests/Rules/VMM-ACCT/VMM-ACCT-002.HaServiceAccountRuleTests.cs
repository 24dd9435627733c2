namespace VmmAssess.Core.Tests.Rules;

/// <summary>HA VMM needs a domain account (CSA, PI); a group managed service account only from VMM 2019 (WN19).</summary>
public class HaServiceAccountRuleTests
{
    private const string Id = "VMM-ACCT-002";
    private static readonly ServiceAccount Gmsa = new(ServiceAccountKind.GroupManaged, "CONTOSO\\gmsa-vmm$");
    private static readonly ServiceAccount LocalSystem = new(ServiceAccountKind.LocalSystem, null);
    private static readonly ServiceAccount Domain = new(ServiceAccountKind.Domain, "CONTOSO\\svc-vmm");

    [Fact]
    public void Pass_for_a_domain_account()
    {
        Assert.Equal("VMM runs as a domain account.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, FindingStatus.Fail)]
    [InlineData(TargetVersion.Vmm2019, FindingStatus.Pass)]
    [InlineData(TargetVersion.Vmm2022, FindingStatus.Pass)]
    [InlineData(TargetVersion.Vmm2025, FindingStatus.Pass)]
    public void Group_managed_account_is_supported_from_2019(TargetVersion target, FindingStatus expected)
    {
        var finding = Assess.Rule(Id, TestSnapshots.ReadyFor(target).WithServiceAccounts(Gmsa, Gmsa)).Expect(expected);

        if (expected == FindingStatus.Fail)
        {
            Assert.Equal("VMM 2016 does not support a group managed service account.", finding.Message);
            Assert.Equal(("GroupManaged", "Domain"), (finding.Evidence[0].Actual, finding.Evidence[0].Expected));
        }
    }

    [Fact]
    public void Fail_for_local_system_blocks_the_upgrade()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(LocalSystem, null)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("Highly available VMM cannot run as Local System.", finding.Message);
        var evidence = finding.EvidenceFor("VMM service account");
        Assert.Equal(("kind", "LocalSystem", "Domain or GroupManaged"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void The_planned_account_is_judged_over_the_current_one()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(LocalSystem, Domain)).Expect(FindingStatus.Pass);
        Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(Domain, LocalSystem)).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Fail_when_a_domain_account_changes_on_the_way_to_high_availability()
    {
        var other = new ServiceAccount(ServiceAccountKind.Domain, "CONTOSO\\svc-vmm-ha");

        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(Domain, other)).Expect(FindingStatus.Fail);

        Assert.Equal("VMM already runs as a domain account: highly available VMM must keep the same account.", finding.Message);
        Assert.Equal(("name", "CONTOSO\\svc-vmm-ha", "CONTOSO\\svc-vmm"), (finding.Evidence[0].Property, finding.Evidence[0].Actual, finding.Evidence[0].Expected));
        Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(Domain, new ServiceAccount(ServiceAccountKind.Domain, "contoso\\SVC-VMM"))).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_no_account_kind_is_known()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(null, null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithServiceAccounts(Domain, new ServiceAccount(null, "x"))).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_when_high_availability_is_not_known() => HaGateCases.UnknownWhenHighAvailabilityIsNotKnown(Id);

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
