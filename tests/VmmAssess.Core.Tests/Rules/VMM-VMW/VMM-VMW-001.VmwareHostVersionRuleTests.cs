namespace VmmAssess.Core.Tests.Rules;

public class VmwareHostVersionRuleTests
{
    private const string Id = "VMM-VMW-001";

    [Fact]
    public void Pass_when_every_esx_host_runs_a_supported_version()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);

        Assert.Equal("Every VMware host runs an ESX/ESXi version VMM 2025 supports.", finding.Message);
        Assert.Empty(finding.Evidence);
    }

    [Fact]
    public void Fail_names_each_unsupported_host_with_its_version_and_the_supported_list()
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.EsxHost("esx-old.contoso.com", "6.7.0"));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["esx-old.contoso.com"], finding.EvidenceObjects());
        var evidence = finding.EvidenceFor("esx-old.contoso.com");
        Assert.Equal("version", evidence.Property);
        Assert.Equal("6.7.0", evidence.Actual);
        Assert.Equal("7.0, 8.0", evidence.Expected);
        Assert.Contains("1 VMware host runs an ESX/ESXi version VMM 2025 does not support", finding.Message, StringComparison.Ordinal);
        Assert.Contains("removes them and their objects from the VMM database", finding.Message, StringComparison.Ordinal);
    }

    // Facts sheet §6 (SR16, SR19, SR22, SR25). For 2016 the system requirements table wins over VMW16/PI (CONFLICT 1).
    [Theory]
    [InlineData(TargetVersion.Vmm2016, "5.1.0", false)] // D14: SR16o and PI list ESX 5.5 and 6.0 only; the strict list, since the consequence is removal from the database
    [InlineData(TargetVersion.Vmm2016, "5.5.0", true)]
    [InlineData(TargetVersion.Vmm2016, "6.0.0", true)]
    [InlineData(TargetVersion.Vmm2016, "5.0.0", false)]
    [InlineData(TargetVersion.Vmm2016, "4.1.0", false)]
    [InlineData(TargetVersion.Vmm2016, "6.5.0", false)]
    [InlineData(TargetVersion.Vmm2019, "5.1.0", true)]
    [InlineData(TargetVersion.Vmm2019, "6.0.0", true)]
    [InlineData(TargetVersion.Vmm2019, "6.5.0", true)]
    [InlineData(TargetVersion.Vmm2019, "6.7.0", true)]
    [InlineData(TargetVersion.Vmm2019, "7.0.3", true)]
    [InlineData(TargetVersion.Vmm2019, "8.0.2", true)]
    [InlineData(TargetVersion.Vmm2019, "5.0.0", false)]
    [InlineData(TargetVersion.Vmm2022, "6.5.0", true)]
    [InlineData(TargetVersion.Vmm2022, "6.7.0", true)]
    [InlineData(TargetVersion.Vmm2022, "7.0.3", true)]
    [InlineData(TargetVersion.Vmm2022, "8.0.0", true)]
    [InlineData(TargetVersion.Vmm2022, "6.0.0", false)]
    [InlineData(TargetVersion.Vmm2022, "5.5.0", false)]
    [InlineData(TargetVersion.Vmm2025, "7.0.3", true)]
    [InlineData(TargetVersion.Vmm2025, "8.0.2", true)]
    [InlineData(TargetVersion.Vmm2025, "6.7.0", false)]
    [InlineData(TargetVersion.Vmm2025, "6.5.0", false)]
    public void Supported_esx_versions_per_target_follow_the_system_requirements(TargetVersion target, string version, bool supported)
    {
        var snapshot = TestSnapshots.ReadyFor(target).WithHosts(TestSnapshots.EsxHost("esx01.contoso.com", version));

        Assess.Rule(Id, snapshot).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Theory]
    [InlineData("6.7")]
    [InlineData("6.7.0")]
    [InlineData("6.7.0 build-8169922")]
    [InlineData(" 6.7.0 ")]
    public void Version_is_compared_on_major_and_minor(string version)
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithHosts(TestSnapshots.EsxHost("esx01.contoso.com", version));

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Fail_lists_only_the_unsupported_hosts_and_counts_them()
    {
        var snapshot = TestSnapshots.Baseline.WithHosts(
            TestSnapshots.EsxHost("esx-a", "6.0.0"),
            TestSnapshots.EsxHost("esx-b", "8.0.1"),
            TestSnapshots.EsxHost("esx-c", "5.5.0"),
            TestSnapshots.EsxHost("esx-d", null));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(["esx-a", "esx-c"], finding.EvidenceObjects());
        Assert.StartsWith("2 VMware hosts run", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ESXi")]
    [InlineData("seven")]
    public void Unknown_when_a_host_version_is_missing_or_unreadable(string? version)
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.EsxHost("esx-x", version));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Unknown);

        Assert.Equal("1 of the hosts could not be judged: data is missing or unmapped.", finding.Message);
        Assert.Equal(version, finding.EvidenceFor("esx-x").Actual);
    }

    [Fact]
    public void Unknown_when_the_snapshot_has_no_host_inventory()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline with { Hosts = null }).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot has no hosts inventory.", finding.Message);
    }

    [Fact]
    public void Not_applicable_without_vmware_hosts()
    {
        var snapshot = TestSnapshots.Baseline.WithHosts(TestSnapshots.HyperVHost("HV01", Builds.WS2025));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.NotApplicable);

        Assert.Equal("The snapshot lists no VMware host.", finding.Message);
    }

    [Fact]
    public void Evidence_is_capped_at_fifty_items_with_a_remainder_line()
    {
        var hosts = Enumerable.Range(1, 60).Select(i => TestSnapshots.EsxHost($"esx{i:D2}", "5.0.0")).ToArray();

        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithHosts(hosts)).Expect(FindingStatus.Fail);

        Assert.StartsWith("60 VMware hosts run", finding.Message, StringComparison.Ordinal);
        Assert.Equal(51, finding.Evidence.Count);
        Assert.Equal("esx50", finding.Evidence[49].Object);
        Assert.Equal("(and 10 more)", finding.Evidence[50].Object);
    }
}
