namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §5: Hyper-V host OS per target (SR16–SR25).</summary>
public class HyperVHostOsRuleTests
{
    private const string Id = "VMM-HOST-001";

    private static Snapshot OnOs(TargetVersion target, string build, InstallationType? type = InstallationType.ServerCore) =>
        TestSnapshots.ReadyFor(target).WithHosts(TestSnapshots.HyperVHost("HV01.contoso.com", build, type));

    [Fact]
    public void Pass_when_every_hyper_v_host_runs_a_supported_os()
    {
        Assert.Equal("Every Hyper-V host runs an operating system VMM 2025 supports.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012R2, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2016, true)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2012, false)]
    [InlineData(TargetVersion.Vmm2016, Builds.WS2019, false)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2012R2, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2016, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2019, true)]
    [InlineData(TargetVersion.Vmm2019, Builds.WS2022, false)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2016, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2019, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2022, true)]
    [InlineData(TargetVersion.Vmm2022, Builds.WS2012R2, false)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2019, true)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2022, true)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2025, true)]
    [InlineData(TargetVersion.Vmm2025, Builds.WS2016, false)]
    public void Supported_host_os_per_target(TargetVersion target, string build, bool supported)
    {
        Assess.Rule(Id, OnOs(target, build)).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Fact]
    public void Fail_names_each_unsupported_host_with_its_os_and_blocks_the_upgrade()
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.HyperVHost("HV-OLD.contoso.com", Builds.WS2016, InstallationType.Server));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("1 Hyper-V host runs an operating system VMM 2025 cannot manage.", finding.Message);
        Assert.Equal(
            new Evidence("HV-OLD.contoso.com", "os", "Windows Server 2016 Desktop Experience (10.0.14393)", "Windows Server 2019, Windows Server 2022, Windows Server 2025; not the free Hyper-V Server edition"),
            Assert.Single(finding.Evidence));
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(snapshot).Readiness);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, FindingStatus.Pass)]
    [InlineData(TargetVersion.Vmm2019, FindingStatus.Fail)]
    [InlineData(TargetVersion.Vmm2022, FindingStatus.Fail)]
    [InlineData(TargetVersion.Vmm2025, FindingStatus.Fail)]
    public void Fail_for_the_free_hyper_v_server_edition_from_2019_on(TargetVersion target, FindingStatus expected)
    {
        var build = target == TargetVersion.Vmm2016 ? Builds.WS2016 : Builds.WS2019;
        var host = TestSnapshots.HyperVHost("HVS01.contoso.com", build) with
        {
            Os = TestSnapshots.Os(build, InstallationType.ServerCore, target == TargetVersion.Vmm2016 ? "Microsoft Hyper-V Server 2016" : "Microsoft Hyper-V Server 2019"),
        };

        var finding = Assess.Rule(Id, TestSnapshots.ReadyFor(target).AddHosts(host)).Expect(expected);

        if (expected == FindingStatus.Fail)
        {
            Assert.Equal("Microsoft Hyper-V Server 2019 (10.0.17763)", finding.EvidenceFor("HVS01.contoso.com").Actual);
        }
    }

    [Fact]
    public void Expected_list_shows_the_update_rollup_condition_for_2012_r2_hosts_under_2019()
    {
        var finding = Assess.Rule(Id, OnOs(TargetVersion.Vmm2019, Builds.WS2012)).Expect(FindingStatus.Fail);

        Assert.Equal("Windows Server 2012 R2 (from UR2), Windows Server 2016, Windows Server 2019; not the free Hyper-V Server edition", finding.Evidence[0].Expected);
    }

    [Fact]
    public void Only_hyper_v_hosts_are_judged()
    {
        var snapshot = TestSnapshots.Baseline.WithHosts(
            TestSnapshots.HyperVHost("HV01", Builds.WS2025),
            TestSnapshots.EsxHost("esx01", "5.5.0"),
            TestSnapshots.XenHost("xen01"));

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_for_a_missing_or_unmapped_host_os()
    {
        Assess.Rule(Id, OnOs(TargetVersion.Vmm2025, Builds.Unmapped)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.AddHosts(new ManagedHost { Name = "HV-X", Platform = HostPlatform.HyperV })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { Hosts = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void A_failing_host_outweighs_hosts_that_could_not_be_judged()
    {
        var snapshot = TestSnapshots.Baseline.WithHosts(
            TestSnapshots.HyperVHost("HV-X", Builds.Unmapped),
            TestSnapshots.HyperVHost("HV-OLD", Builds.WS2012R2));

        Assert.Equal(["HV-OLD"], Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail).EvidenceObjects());
    }

    [Fact]
    public void Not_applicable_without_hyper_v_hosts()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithHosts(TestSnapshots.EsxHost("esx01", "8.0.0"))).Expect(FindingStatus.NotApplicable);

        Assert.Equal("The snapshot lists no Hyper-V host.", finding.Message);
    }
}
