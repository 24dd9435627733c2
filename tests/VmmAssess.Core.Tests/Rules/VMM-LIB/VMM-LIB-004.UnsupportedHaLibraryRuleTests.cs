namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// PHA: "The library server can't be a scale-out file server (SOFS)"; "Deploying highly available library shares on
/// the VMM cluster isn't supported."
/// </summary>
public class UnsupportedHaLibraryRuleTests
{
    private const string Id = "VMM-LIB-004";

    [Fact]
    public void Fail_blocks_a_library_on_a_scale_out_file_server()
    {
        var snapshot = TestSnapshots.Baseline.WithEachLibraryServer(l => l with { IsScaleOutFileServer = true });
        var result = Assess.Evaluate(snapshot);

        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail);
        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal(("isScaleOutFileServer", "true"), (finding.Evidence[0].Property, finding.Evidence[0].Actual));
        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Fail_blocks_library_shares_on_the_vmm_cluster()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithEachLibraryServer(l => l with { ClusterName = "vmmcl.contoso.com" })).Expect(FindingStatus.Fail);
        Assert.Equal(("clusterName", "vmmcl.contoso.com", "not the VMM cluster VMMCL"), (finding.Evidence[0].Property, finding.Evidence[0].Actual, finding.Evidence[0].Expected));
    }

    [Fact]
    public void Pass_for_a_clustered_file_server_separate_from_vmm()
    {
        Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_sofs_or_the_vmm_cluster_name_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithEachLibraryServer(l => l with { IsScaleOutFileServer = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithCluster(new FailoverCluster(null, true, ["VMMN1", "VMMN2"]))).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
