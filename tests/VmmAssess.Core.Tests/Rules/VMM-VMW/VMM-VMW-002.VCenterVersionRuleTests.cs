namespace VmmAssess.Core.Tests.Rules;

public class VCenterVersionRuleTests
{
    private const string Id = "VMM-VMW-002";

    [Fact]
    public void Pass_when_every_vcenter_runs_a_supported_version()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);

        Assert.Equal("Every vCenter server runs a version VMM 2025 supports.", finding.Message);
    }

    [Fact]
    public void Fail_names_the_vcenter_its_version_and_the_supported_list()
    {
        var snapshot = TestSnapshots.Baseline.WithVCenters(new VCenterServer("vc-old.contoso.com", "6.7.0"), new VCenterServer("vc01.contoso.com", "8.0.2"));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        var evidence = finding.EvidenceFor("vc-old.contoso.com");
        Assert.Equal(("version", "6.7.0", "7.0, 8.0"), (evidence.Property, evidence.Actual, evidence.Expected));
        Assert.Single(finding.Evidence);
        Assert.Equal("1 vCenter server runs a version VMM 2025 does not support.", finding.Message);
    }

    // Facts sheet §6: vCenter lists differ from the ESX lists (5.8 exists only for vCenter).
    [Theory]
    [InlineData(TargetVersion.Vmm2016, "5.1.0", false)] // D14, FRD: "VMware vCenter 4.1/5.1 support … Removed. Replacement: Use VMware 5.5 and 5.8"
    [InlineData(TargetVersion.Vmm2016, "5.8.0", true)]
    [InlineData(TargetVersion.Vmm2016, "6.0.0", true)]
    [InlineData(TargetVersion.Vmm2016, "6.5.0", false)]
    [InlineData(TargetVersion.Vmm2016, "5.0.0", false)]
    [InlineData(TargetVersion.Vmm2019, "5.8.0", true)]
    [InlineData(TargetVersion.Vmm2019, "6.7.0", true)]
    [InlineData(TargetVersion.Vmm2019, "8.0.0", true)]
    [InlineData(TargetVersion.Vmm2019, "4.1.0", false)]
    [InlineData(TargetVersion.Vmm2022, "6.5.0", true)]
    [InlineData(TargetVersion.Vmm2022, "7.0.3", true)]
    [InlineData(TargetVersion.Vmm2022, "6.0.0", false)]
    [InlineData(TargetVersion.Vmm2022, "5.8.0", false)]
    [InlineData(TargetVersion.Vmm2025, "7.0.3", true)]
    [InlineData(TargetVersion.Vmm2025, "8.0.2", true)]
    [InlineData(TargetVersion.Vmm2025, "6.7.0", false)]
    public void Supported_vcenter_versions_per_target_follow_the_system_requirements(TargetVersion target, string version, bool supported)
    {
        var snapshot = TestSnapshots.ReadyFor(target).WithVCenters(new VCenterServer("vc01.contoso.com", version));

        Assess.Rule(Id, snapshot).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_a_vcenter_version_is_missing()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVCenters(new VCenterServer("vc01.contoso.com", null))).Expect(FindingStatus.Unknown);

        Assert.Null(finding.EvidenceFor("vc01.contoso.com").Actual);
    }

    [Fact]
    public void Unknown_without_a_vcenter_inventory()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline with { VCenters = null }).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot has no vCenter servers inventory.", finding.Message);
    }

    [Fact]
    public void Not_applicable_when_no_vcenter_is_managed()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVCenters()).Expect(FindingStatus.NotApplicable);

        Assert.Equal("The snapshot lists no vCenter server.", finding.Message);
    }
}
