namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §2: management server OS per target (SR16–SR25).</summary>
public class ManagementServerOsRuleTests
{
    private const string Id = "VMM-SRV-001";

    private static Snapshot OnOs(TargetVersion target, string build, InstallationType? type = InstallationType.Server) =>
        TestSnapshots.ReadyFor(target).WithEachManagementServer(s => s with { Os = TestSnapshots.Os(build, type) });

    [Fact]
    public void Pass_when_every_management_server_runs_a_supported_os()
    {
        Assert.Equal("Every management server runs an operating system VMM 2025 supports.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2016, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2016, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012R2, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2019, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2016, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2016, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2019, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2019, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2012R2, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2022, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2022, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2022, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2019, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2025, InstallationType.Server, false)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2025, InstallationType.Server, true)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2025, InstallationType.ServerCore, true)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2022, InstallationType.Server, false)]
    public void Supported_management_server_os_per_target(TargetVersion target, string build, InstallationType type, bool supported)
    {
        Assess.Rule(Id, OnOs(target, build, type)).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Fact]
    public void Fail_shows_the_current_os_and_what_the_target_supports()
    {
        var finding = Assess.Rule(Id, OnOs(TargetVersion.Vmm2025, Builds.WS2019)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("2 management servers run an operating system VMM 2025 does not support: upgrade it as part of the upgrade.", finding.Message);
        var evidence = finding.EvidenceFor("VMMN1.contoso.com");
        Assert.Equal(("os", "Windows Server 2019 Desktop Experience (10.0.17763)", "Windows Server 2025"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void Fail_lists_supported_releases_for_targets_with_several()
    {
        var finding = Assess.Rule(Id, OnOs(TargetVersion.Vmm2019, Builds.WS2012R2, InstallationType.ServerCore)).Expect(FindingStatus.Fail);

        Assert.Equal("Windows Server 2012 R2 Server Core (6.3.9600)", finding.Evidence[0].Actual);
        Assert.Equal("Windows Server 2016, Windows Server 2019", finding.Evidence[0].Expected);
    }

    [Fact]
    public void A_build_with_a_revision_is_mapped_by_its_first_three_parts()
    {
        Assess.Rule(Id, OnOs(TargetVersion.Vmm2025, "10.0.26100.2314")).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_for_an_unmapped_build_rather_than_a_guess()
    {
        var snapshot = TestSnapshots.Baseline.WithEachManagementServer(s => s with { Os = TestSnapshots.Os(Builds.Unmapped, InstallationType.Server, "Azure Local") });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Unknown);

        Assert.Equal("2 of the management servers could not be judged: data is missing or unmapped.", finding.Message);
        Assert.Equal("Azure Local Desktop Experience (10.0.25398)", finding.EvidenceFor("VMMN1.contoso.com").Actual);
    }

    [Fact]
    public void Unknown_when_the_os_or_the_inventory_is_missing()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithFirstManagementServer(s => s with { Os = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { ManagementServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_management_servers()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithManagementServers()).Expect(FindingStatus.NotApplicable);
    }
}
