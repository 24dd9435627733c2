namespace VmmAssess.Core.Tests.Rules;

/// <summary>HA VMM: library on a highly available file server, not a Scale-Out File Server, not the VMM cluster (PCU, U16, PHA).</summary>
public class HaLibraryRuleTests
{
    private const string Id = "VMM-LIB-002";

    [Fact]
    public void Pass_for_a_clustered_file_server_separate_from_vmm()
    {
        Assert.Equal("Every library server is a highly available file server separate from the VMM cluster.",
            Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(true, true, "FSCL", "Scale-Out File Server")]
    [InlineData(false, false, null, "not highly available")]
    [InlineData(true, false, "vmmcl.contoso.com", "on the VMM cluster vmmcl.contoso.com")]
    public void Fail_says_why_the_library_server_does_not_qualify(bool highlyAvailable, bool scaleOut, string? cluster, string actual)
    {
        var snapshot = TestSnapshots.Baseline.WithEachLibraryServer(l => l with { HighlyAvailable = highlyAvailable, IsScaleOutFileServer = scaleOut, ClusterName = cluster });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("1 library server is not a highly available file server separate from the VMM cluster.", finding.Message);
        var evidence = finding.EvidenceFor("LIBFS.contoso.com");
        Assert.Equal(actual, evidence.Actual);
        Assert.Equal("highly available file server (not SOFS, not the VMM cluster)", evidence.Expected);
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
