namespace VmmAssess.Core.Tests.Rules;

/// <summary>VMW16: "vSphere hosts and host clusters must be managed by a vCenter server."</summary>
public class VsphereHostWithoutVCenterRuleTests
{
    private const string Id = "VMM-VMW-003";

    [Fact]
    public void Pass_when_every_vmware_host_names_its_vcenter()
    {
        Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Fail_for_a_vmware_host_without_a_vcenter()
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.EsxHost("esx-solo.contoso.com", "8.0.2") with { VCenter = null });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["esx-solo.contoso.com"], finding.EvidenceObjects());
    }

    [Fact]
    public void Unknown_when_the_vcenter_inventory_was_not_collected()
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.EsxHost("esx-solo.contoso.com", "8.0.2") with { VCenter = null }) with { VCenters = null };
        Assess.Rule(Id, snapshot).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_vmware_hosts()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithHosts(TestSnapshots.HyperVHost("HV01", Builds.WS2025))).Expect(FindingStatus.NotApplicable);
    }
}
