namespace VmmAssess.Core.Tests.Rules;

/// <summary>PHA: "The VMM service network name must not exceed 15 characters."</summary>
public class HaServiceNameLengthRuleTests
{
    private const string Id = "VMM-HA-002";

    [Fact]
    public void Pass_for_a_short_network_name()
    {
        Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Fail_blocks_a_network_name_longer_than_fifteen_characters()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { HaServiceName = "CONTOSO-VMM-HA-01.contoso.com" })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("17 characters", finding.Evidence[0].Actual);
    }

    [Fact]
    public void Unknown_when_the_network_name_is_not_collected()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { HaServiceName = null })).Expect(FindingStatus.Unknown);
        Assert.Equal(["$.vmm.haServiceName"], finding.MissingData);
    }

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
