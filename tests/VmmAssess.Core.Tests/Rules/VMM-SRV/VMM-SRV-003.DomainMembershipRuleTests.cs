namespace VmmAssess.Core.Tests.Rules;

public class DomainMembershipRuleTests
{
    private const string Id = "VMM-SRV-003";

    [Fact]
    public void Pass_when_every_management_server_is_domain_joined()
    {
        Assert.Equal("Every management server is a domain member.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_names_the_workgroup_server_and_blocks_the_upgrade()
    {
        var snapshot = TestSnapshots.Baseline.WithFirstManagementServer(s => s with { DomainJoined = false });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("1 management server is not joined to a domain.", finding.Message);
        Assert.Equal(new Evidence("VMMN1.contoso.com", "domainJoined", "false", "true"), Assert.Single(finding.Evidence));
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Unknown_when_membership_is_not_collected()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithFirstManagementServer(s => s with { DomainJoined = null })).Expect(FindingStatus.Unknown);

        Assert.Equal(new Evidence("VMMN1.contoso.com", "domainJoined", null, "true"), Assert.Single(finding.Evidence));
        Assess.Rule(Id, TestSnapshots.Baseline with { ManagementServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_management_servers()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithManagementServers()).Expect(FindingStatus.NotApplicable);
    }
}
