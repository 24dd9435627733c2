namespace VmmAssess.Core.Tests.Rules;

/// <summary>Citrix XenServer support was removed in System Center 2016 (FRD).</summary>
public class XenServerRuleTests
{
    private const string Id = "VMM-XEN-001";

    [Fact]
    public void Pass_when_no_xenserver_host_is_managed()
    {
        Assert.Equal("No XenServer host is managed.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
        Assess.Rule(Id, TestSnapshots.Baseline.WithHosts()).Expect(FindingStatus.Pass);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016)]
    [InlineData(TargetVersion.Vmm2025)]
    public void Fail_names_each_xenserver_host(TargetVersion target)
    {
        var snapshot = TestSnapshots.ReadyFor(target).AddHosts(TestSnapshots.XenHost("xen01.contoso.com"), TestSnapshots.XenHost("xen02.contoso.com"));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal($"2 XenServer hosts are managed; VMM {(int)target} does not support XenServer.", finding.Message);
        Assert.Equal(["xen01.contoso.com", "xen02.contoso.com"], finding.EvidenceObjects());
        Assert.Equal(("platform", "XenServer"), (finding.Evidence[0].Property, finding.Evidence[0].Actual));
    }

    [Fact]
    public void Fail_even_when_another_host_has_no_platform()
    {
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.XenHost("xen01"), new ManagedHost { Name = "unknown01" });

        Assert.Equal("1 XenServer host is managed; VMM 2025 does not support XenServer.", Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail).Message);
    }

    [Fact]
    public void Unknown_when_a_host_platform_or_the_host_inventory_is_missing()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.AddHosts(new ManagedHost { Name = "unknown01" })).Expect(FindingStatus.Unknown);

        Assert.Equal("Some hosts do not say which virtualization platform they run.", finding.Message);
        Assess.Rule(Id, TestSnapshots.Baseline with { Hosts = null }).Expect(FindingStatus.Unknown);
    }
}
