namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// U19: "If you're using Distributed Key Management, you may choose to install VMM 2019 on a different server, but
/// ensure that the new server has the same name as that of the old VMM server."
/// </summary>
public class SameServerNameRuleTests
{
    private const string Id = "VMM-DKM-003";

    private static Snapshot DifferentServer(string? plannedName) =>
        TestSnapshots.ReadyFor(TargetVersion.Vmm2019).Standalone()
            .WithVmm(v => v with { UpgradeOnSameComputer = false, PlannedServerName = plannedName })
            .WithDkm(true);

    [Fact]
    public void Fail_when_the_new_server_has_another_name()
    {
        var finding = Assess.Rule(Id, DifferentServer("VMM19.contoso.com")).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal(("plannedServerName", "VMM19.contoso.com", "the old VMM server's name (VMMN1.contoso.com)"),
            (finding.Evidence[0].Property, finding.Evidence[0].Actual, finding.Evidence[0].Expected));
        Assess.Rule("VMM-DKM-001", DifferentServer("VMM19.contoso.com")).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Pass_when_the_new_server_keeps_the_name()
    {
        Assess.Rule(Id, DifferentServer("vmmn1")).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_the_planned_server_is_not_named()
    {
        var finding = Assess.Rule(Id, DifferentServer(null)).Expect(FindingStatus.Unknown);
        Assert.Contains("$.vmm.plannedServerName", finding.MissingData!);
    }

    [Fact]
    public void Not_applicable_on_the_same_server_without_dkm_or_for_other_targets()
    {
        Assess.Rule(Id, DifferentServer(null).WithVmm(v => v with { UpgradeOnSameComputer = true })).Expect(FindingStatus.NotApplicable);
        Assess.Rule(Id, DifferentServer(null).WithDkm(false)).Expect(FindingStatus.NotApplicable);
        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { UpgradeOnSameComputer = false })).Expect(FindingStatus.NotApplicable);
    }
}
