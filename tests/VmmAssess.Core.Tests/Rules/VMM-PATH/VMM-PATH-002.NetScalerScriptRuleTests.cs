namespace VmmAssess.Core.Tests.Rules;

/// <summary>2012 R2 UR10/UR11 with a Citrix NetScaler needs the ALTER TABLE script before the 2016 upgrade; UR12+ does not (U16, U16o).</summary>
public class NetScalerScriptRuleTests
{
    private const string Id = "VMM-PATH-002";

    private static Snapshot From2012R2(int? rollup, params LoadBalancer[] balancers) =>
        TestSnapshots.ReadyFor(TargetVersion.Vmm2016).WithSource(VmmProduct.Vmm2012R2, rollup).WithVmm(v => v with { LoadBalancers = balancers });

    private static readonly LoadBalancer NetScaler = new("Citrix", "NetScaler VPX");
    private static readonly LoadBalancer F5 = new("F5 Networks", "BIG-IP");

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    public void Fail_on_ur10_and_ur11_with_a_netscaler_asks_for_the_script(int rollup)
    {
        var finding = Assess.Rule(Id, From2012R2(rollup, F5, NetScaler)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal($"VMM 2012 R2 UR{rollup} manages 1 Citrix NetScaler load balancer(s): run the database script before upgrading.", finding.Message);
        var evidence = finding.EvidenceFor("Citrix NetScaler VPX");
        Assert.Equal(("manufacturer", "Citrix", "run the NetScaler script first"), (evidence.Property, evidence.Actual, evidence.Expected));
        Assert.Contains("ALTER TABLE [dbo].[tbl_NetMan_HardwareModelSettings] ALTER COLUMN Version NVARCHAR(255) NULL;", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_netscaler_is_recognised_by_model_or_manufacturer()
    {
        Assess.Rule(Id, From2012R2(10, new LoadBalancer(null, "NetScaler MPX 8005"))).Expect(FindingStatus.Fail);
        Assess.Rule(Id, From2012R2(10, new LoadBalancer("citrix systems", null))).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Pass_on_ur10_without_a_netscaler()
    {
        Assert.Equal("No Citrix NetScaler load balancer is managed.", Assess.Rule(Id, From2012R2(10, F5)).Expect(FindingStatus.Pass).Message);
        Assess.Rule(Id, From2012R2(11)).Expect(FindingStatus.Pass);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(14)]
    public void Not_applicable_on_other_rollups(int rollup)
    {
        var finding = Assess.Rule(Id, From2012R2(rollup, NetScaler)).Expect(FindingStatus.NotApplicable);

        Assert.Equal($"VMM 2012 R2 UR{rollup} does not need the script (only UR10 and UR11 do).", finding.Message);
    }

    [Fact]
    public void Not_applicable_to_other_sources_but_applies_to_every_target_from_2012_R2()
    {
        Assess.Rule(Id, TestSnapshots.ReadyFor(TargetVersion.Vmm2016).WithSource(VmmProduct.Vmm2016, 10)).Expect(FindingStatus.NotApplicable);
        Assess.Rule(Id, TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithSource(VmmProduct.Vmm2012R2, 10).WithVmm(v => v with { LoadBalancers = [NetScaler] }))
            .Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_the_rollup_the_source_or_the_load_balancers_are_not_known()
    {
        Assess.Rule(Id, From2012R2(null, NetScaler)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, From2012R2(10, NetScaler).WithSource(null, 10)).Expect(FindingStatus.Unknown);
        var finding = Assess.Rule(Id, From2012R2(10).WithVmm(v => v with { LoadBalancers = null })).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot has no load balancer inventory.", finding.Message);
    }
}
