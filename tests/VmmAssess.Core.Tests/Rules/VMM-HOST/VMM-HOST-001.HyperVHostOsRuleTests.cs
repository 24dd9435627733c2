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
            new Evidence("HV-OLD.contoso.com", "os", "Windows Server 2016 Desktop Experience (10.0.14393)", "Windows Server 2019, Windows Server 2022, Windows Server 2025, Azure Local (25398 series); not the free Hyper-V Server edition"),
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

        Assert.Equal("Windows Server 2012 R2 (from UR2), Windows Server 2016, Windows Server 2019, Azure Stack HCI, version 20H2 (from UR3); not the free Hyper-V Server edition", finding.Evidence[0].Expected);
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

    private static ManagedHost Hci(string name, string build, string caption = "Microsoft Azure Stack HCI") =>
        TestSnapshots.HyperVHost(name, build) with { Os = TestSnapshots.Os(build, InstallationType.ServerCore, caption) };

    /// <summary>
    /// SR22: "Azure Stack Hyper Converged Infrastructure (HCI, version 22H2) (Supported from VMM 2022 UR1) | Y";
    /// WN22 UR1: "you can manage Azure Local, 22H2 instances". Build 10.0.20349 was unmapped (readiness Unknown).
    /// </summary>
    [Fact]
    public void Pass_for_an_azure_stack_hci_22h2_host_under_2022_and_PATH_003_asks_for_ur1()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022).AddHosts(Hci("HCI01.contoso.com", "10.0.20349.1850"));
        var result = Assess.Evaluate(snapshot);

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
        var rollup = Assess.Rule("VMM-PATH-003", snapshot).Expect(FindingStatus.Fail);
        Assert.Equal(("Azure Stack HCI, version 22H2 Server Core (10.0.20349.1850)", "VMM 2022 UR1 or later"),
            (rollup.EvidenceFor("HCI01.contoso.com").Actual, rollup.EvidenceFor("HCI01.contoso.com").Expected));
        Assert.Equal(Readiness.ReadyWithConditions, result.Readiness);
    }

    /// <summary>
    /// SR25 lists "Azure Local OS (version 2408.2 or later in the OS: 25398.xxxx series)" and no longer HCI 21H2 or
    /// 22H2; HCI 21H2 shares build 20348 with Windows Server 2022, so only the caption tells them apart.
    /// </summary>
    [Fact]
    public void Fail_for_an_hci_21h2_host_under_2025_although_its_build_is_windows_server_2022s()
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(Hci("HCI21.contoso.com", Builds.WS2022));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);
        Assert.Equal("Azure Stack HCI, version 21H2 (10.0.20348)", finding.EvidenceFor("HCI21.contoso.com").Actual);
        Assess.Rule(Id, TestSnapshots.Baseline.AddHosts(Hci("AL01.contoso.com", "10.0.25398.1189", "Azure Local"))).Expect(FindingStatus.Pass);
        Assess.Rule(Id, TestSnapshots.Baseline.AddHosts(Hci("HCI22.contoso.com", "10.0.20349.1850"))).Expect(FindingStatus.Fail);
    }

    /// <summary>SR19: "Windows Server 2022 | N": a host newer than the target is not upgraded; the target or the host's management changes.</summary>
    [Fact]
    public void Fail_for_a_host_newer_than_the_target_says_choose_a_later_target_or_remove_it()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2019).AddHosts(TestSnapshots.HyperVHost("HV22.contoso.com", Builds.WS2022));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);
        Assert.Contains("choose a later target version, or remove the host from VMM management", finding.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("Upgrade the host operating system", finding.Remediation, StringComparison.Ordinal);
    }

    /// <summary>SR19: "Hyper-V Server 2019 | N": an edition, not a version, so the fix is a reinstall as Windows Server.</summary>
    [Fact]
    public void Fail_for_hyper_v_server_says_reinstall_as_windows_server()
    {
        var host = TestSnapshots.HyperVHost("HVS01.contoso.com", Builds.WS2019) with { Os = TestSnapshots.Os(Builds.WS2019, InstallationType.ServerCore, "Microsoft Hyper-V Server 2019") };

        var finding = Assess.Rule(Id, TestSnapshots.Baseline.AddHosts(host)).Expect(FindingStatus.Fail);
        Assert.Equal("The free Hyper-V Server edition cannot be upgraded to Windows Server: reinstall the host with Windows Server (Standard or Datacenter) of a listed release, or remove it from VMM before upgrading.", finding.Remediation);
    }

    [Fact]
    public void Fail_for_an_older_host_keeps_the_upgrade_remediation()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.AddHosts(TestSnapshots.HyperVHost("HV16.contoso.com", Builds.WS2016))).Expect(FindingStatus.Fail);
        Assert.StartsWith("Upgrade the host operating system", finding.Remediation, StringComparison.Ordinal);
    }
}
