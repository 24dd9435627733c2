namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §4: SR22/SR25 list a single library server OS; other releases are "not listed" (a warning), not explicit N.</summary>
public class LibraryServerOsNotListedRuleTests
{
    private const string Id = "VMM-LIB-003";

    private static Snapshot OnOs(TargetVersion target, string build, InstallationType? type) =>
        TestSnapshots.ReadyFor(target).WithLibraryServers(TestSnapshots.Library("LIB01.contoso.com", build, type) with { HighlyAvailable = true, ClusterName = "FSCL" });

    [Fact]
    public void Pass_when_every_library_server_runs_the_listed_release()
    {
        Assert.Equal("Every library server runs the release VMM 2025 lists.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2019, "Windows Server 2022")]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2022, "Windows Server 2025")]
    public void Fail_warns_for_a_release_the_target_does_not_list(TargetVersion target, string build, string expected)
    {
        var finding = Assess.Rule(Id, OnOs(target, build, InstallationType.Server)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal($"1 library server runs an operating system the VMM {(int)target} requirements do not list.", finding.Message);
        Assert.Equal(expected, finding.EvidenceFor("LIB01.contoso.com").Expected);
    }

    [Fact]
    public void The_whole_assessment_stays_ready_with_conditions_for_a_not_listed_library()
    {
        var result = Assess.Evaluate(OnOs(TargetVersion.Vmm2025, Builds.WS2022, InstallationType.Server));

        Assert.Equal(Readiness.ReadyWithConditions, result.Readiness);
    }

    [Fact]
    public void Unknown_when_the_os_is_missing_or_unmapped()
    {
        Assess.Rule(Id, OnOs(TargetVersion.Vmm2025, Builds.Unmapped, InstallationType.Server)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { LibraryServers = null }).Expect(FindingStatus.Unknown);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016)]
    [InlineData(TargetVersion.Vmm2019)]
    public void Not_applicable_where_the_target_lists_every_release(TargetVersion target)
    {
        Assess.Rule(Id, OnOs(target, Builds.WS2012, InstallationType.Server)).Expect(FindingStatus.NotApplicable);
    }
}
