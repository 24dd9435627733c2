namespace VmmAssess.Core.Tests.Rules;

public class FailoverClusterRuleTests
{
    private const string Id = "VMM-HA-001";

    [Fact]
    public void Pass_when_the_cluster_exists()
    {
        Assert.Equal("Failover cluster VMMCL exists.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_when_the_cluster_does_not_exist_blocks_the_upgrade()
    {
        var snapshot = TestSnapshots.Baseline.WithCluster(new FailoverCluster("VMMCL", false, []));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("The failover cluster for highly available VMM does not exist.", finding.Message);
        var evidence = finding.EvidenceFor("VMMCL");
        Assert.Equal(("exists", "false", "true"), (evidence.Property, evidence.Actual, evidence.Expected));
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Unknown_when_cluster_data_is_missing()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithCluster(null)).Expect(FindingStatus.Unknown);
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithCluster(new FailoverCluster("VMMCL", null, null))).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not say whether the failover cluster exists.", finding.Message);
    }

    [Fact]
    public void Unknown_when_high_availability_is_not_known() => HaGateCases.UnknownWhenHighAvailabilityIsNotKnown(Id);

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
