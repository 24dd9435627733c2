namespace VmmAssess.Core.Tests.Rules;

public class OperationsManagerConnectionRuleTests
{
    private const string Id = "VMM-OM-001";

    [Fact]
    public void Pass_when_vmm_is_not_connected_to_operations_manager()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);

        Assert.Equal("VMM is not connected to Operations Manager.", finding.Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016)]
    [InlineData(TargetVersion.Vmm2019)]
    [InlineData(TargetVersion.Vmm2022)]
    [InlineData(TargetVersion.Vmm2025)]
    public void Fail_for_every_target_when_connected_asks_to_disconnect_first(TargetVersion target)
    {
        var snapshot = TestSnapshots.ReadyFor(target).WithOperationsManager(o => o with { Connected = true });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("VMM is connected to Operations Manager: disconnect it before upgrading and reconnect afterwards.", finding.Message);
        var evidence = finding.EvidenceFor("SCOM01.contoso.com");
        Assert.Equal(("connected", "true", "false before the upgrade"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void Fail_without_a_server_name_still_names_operations_manager()
    {
        var snapshot = TestSnapshots.Baseline.WithOperationsManager(o => o with { Connected = true, Server = null });

        Assert.Equal("Operations Manager", Assert.Single(Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail).Evidence).Object);
    }

    [Fact]
    public void Unknown_when_the_connection_state_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithOperationsManager(o => o with { Connected = null })).Expect(FindingStatus.Unknown);
        var finding = Assess.Rule(Id, TestSnapshots.Baseline with { OperationsManager = null }).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not say whether VMM is connected to Operations Manager.", finding.Message);
    }
}
