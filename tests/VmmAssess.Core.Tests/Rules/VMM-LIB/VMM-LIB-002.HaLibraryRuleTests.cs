namespace VmmAssess.Core.Tests.Rules;

/// <summary>HA VMM: library on a highly available file server, not a Scale-Out File Server, not the VMM cluster (PCU, U16, PHA).</summary>
public class HaLibraryRuleTests
{
    private const string Id = "VMM-LIB-002";

    [Fact]
    public void Pass_for_a_clustered_file_server_separate_from_vmm()
    {
        Assert.Equal("Every library server is a highly available file server (a Scale-Out File Server or the VMM cluster is judged by VMM-LIB-004).",
            Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_for_a_library_that_is_not_highly_available()
    {
        var snapshot = TestSnapshots.Baseline.WithEachLibraryServer(l => l with { HighlyAvailable = false, ClusterName = null });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("1 library server is not highly available.", finding.Message);
        var evidence = finding.EvidenceFor("LIBFS.contoso.com");
        Assert.Equal("not highly available", evidence.Actual);
        Assert.Equal("highly available file server (not SOFS, not the VMM cluster)", evidence.Expected);
    }

    /// <summary>D11: "can't be a scale-out file server" and "isn't supported" on the VMM cluster are VMM-LIB-004's blockers, not this warning.</summary>
    [Theory]
    [InlineData(true, "FSCL")]
    [InlineData(false, "vmmcl.contoso.com")]
    public void Pass_leaves_sofs_and_the_vmm_cluster_to_VMM_LIB_004(bool scaleOut, string cluster)
    {
        var snapshot = TestSnapshots.Baseline.WithEachLibraryServer(l => l with { HighlyAvailable = true, IsScaleOutFileServer = scaleOut, ClusterName = cluster });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
        Assess.Rule("VMM-LIB-004", snapshot).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Every_library_server_is_judged()
    {
        var snapshot = TestSnapshots.Baseline.WithLibraryServers(
            TestSnapshots.Library("LIBFS", Builds.WS2025) with { HighlyAvailable = true, ClusterName = "FSCL" },
            TestSnapshots.Library("LIB-LOCAL", Builds.WS2025));

        Assert.Equal(["LIB-LOCAL"], Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail).EvidenceObjects());
    }

    [Fact]
    public void Unknown_when_library_availability_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithEachLibraryServer(l => l with { HighlyAvailable = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithEachLibraryServer(l => l with { IsScaleOutFileServer = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { LibraryServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_library_servers()
    {
        Assert.Equal("The snapshot lists no library server.", Assess.Rule(Id, TestSnapshots.Baseline.WithLibraryServers()).Expect(FindingStatus.NotApplicable).Message);
    }

    [Fact]
    public void Unknown_when_high_availability_is_not_known() => HaGateCases.UnknownWhenHighAvailabilityIsNotKnown(Id);

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
