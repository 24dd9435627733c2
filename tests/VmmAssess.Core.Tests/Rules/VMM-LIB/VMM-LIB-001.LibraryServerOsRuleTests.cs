namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §4: remote library server OS per target (SR16–SR25); WS2016 Server Core is explicitly not supported for 2016/2019.</summary>
public class LibraryServerOsRuleTests
{
    private const string Id = "VMM-LIB-001";

    private static Snapshot OnOs(TargetVersion target, string build, InstallationType? type) =>
        TestSnapshots.ReadyFor(target).WithLibraryServers(TestSnapshots.Library("LIB01.contoso.com", build, type) with { HighlyAvailable = true, ClusterName = "FSCL" });

    [Fact]
    public void Pass_when_every_library_server_runs_a_listed_os()
    {
        Assert.Equal("Every remote library server runs an operating system VMM 2025 supports.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012R2, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012R2, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2016, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2016, InstallationType.ServerCore, false)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2012R2, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2016, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2016, InstallationType.ServerCore, false)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2019, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2019, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2022, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2022, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2019, InstallationType.Server, false)] // one table, read as complete (D2)
    [InlineData(TargetVersion.Vmm2025, Builds.WS2025, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2022, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2012R2, InstallationType.Server, false)]
    public void Supported_library_server_os_per_target(TargetVersion target, string build, InstallationType type, bool supported)
    {
        Assess.Rule(Id, OnOs(target, build, type)).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    /// <summary>
    /// SR25's "Server operating system" table has a "VMM server" and a "Remote VMM library" column and lists only
    /// "Windows Server 2025 Desktop experience | Y | Y" and "Windows Server 2025 Server Core | Y | Y": the same table
    /// cannot be complete for the server and partial for the library, so a WS2012 R2 library blocks VMM 2025.
    /// </summary>
    [Fact]
    public void Fail_blocks_a_2025_upgrade_with_a_library_on_a_release_the_single_table_does_not_list()
    {
        var result = Assess.Evaluate(OnOs(TargetVersion.Vmm2025, Builds.WS2012R2, InstallationType.Server));
        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("Windows Server 2025", finding.EvidenceFor("LIB01.contoso.com").Expected);
        Assert.Equal(Readiness.NotReady, result.Readiness);
        Assert.DoesNotContain(result.Findings, f => f.RuleId == "VMM-LIB-003");
    }

    /// <summary>
    /// U22/U25: "Upgrade the management OS to Windows Server 2022/2025"; the default library share (MSSCVMMLibrary)
    /// lives on that server, so VMM-SRV-001 judges it once and the library rule does not count it a second time.
    /// </summary>
    [Fact]
    public void Pass_skips_the_library_share_on_the_management_server_which_VMM_SRV_001_judges()
    {
        var snapshot = TestSnapshots.StandaloneBaseline
            .WithFirstManagementServer(s => s with { Os = TestSnapshots.Os(Builds.WS2022) })
            .WithLibraryServers(
                TestSnapshots.Library("vmmn1", Builds.WS2022),
                TestSnapshots.Library("LIB01.contoso.com", Builds.WS2025));

        var result = Assess.Evaluate(snapshot);
        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
        Assert.Equal(FindingStatus.Fail, result.Findings.Single(f => f.RuleId == "VMM-SRV-001").Status);

        var onlyTheManagementServer = TestSnapshots.StandaloneBaseline.WithLibraryServers(TestSnapshots.Library("VMMN1.contoso.com", Builds.WS2022));
        Assert.Contains("judged by VMM-SRV-001", Assess.Rule(Id, onlyTheManagementServer).Expect(FindingStatus.NotApplicable).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_shows_the_library_os_and_the_supported_list()
    {
        var finding = Assess.Rule(Id, OnOs(TargetVersion.Vmm2016, Builds.WS2012, InstallationType.Server)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("1 library server runs an operating system VMM 2016 does not support.", finding.Message);
        var evidence = finding.EvidenceFor("LIB01.contoso.com");
        Assert.Equal(("os", "Windows Server 2012 Desktop Experience (6.2.9200)", "Windows Server 2012 R2, Windows Server 2016 (Desktop Experience)"),
            (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void Unknown_when_the_installation_type_decides_and_is_missing()
    {
        Assess.Rule(Id, OnOs(TargetVersion.Vmm2016, Builds.WS2016, null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, OnOs(TargetVersion.Vmm2016, Builds.WS2012R2, null)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_the_os_is_missing_or_unmapped()
    {
        Assess.Rule(Id, OnOs(TargetVersion.Vmm2025, Builds.Unmapped, InstallationType.Server)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithEachLibraryServer(l => l with { Os = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { LibraryServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_library_servers()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithLibraryServers()).Expect(FindingStatus.NotApplicable);
    }
}
