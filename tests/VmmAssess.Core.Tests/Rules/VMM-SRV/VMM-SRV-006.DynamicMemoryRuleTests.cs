namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// SR22/SR25: "If you use dynamic memory, set the start RAM of the VM to at least 4096 MB"; SR16/SR19: 2048 MB.
/// </summary>
public class DynamicMemoryRuleTests
{
    private const string Id = "VMM-SRV-006";

    private static Snapshot WithVm(TargetVersion target, VirtualMachineInfo? vm) =>
        TestSnapshots.ReadyFor(target).WithEachManagementServer(s => s with { VirtualMachine = vm });

    [Theory]
    [InlineData(TargetVersion.Vmm2016, 2048, FindingStatus.Pass)]
    [InlineData(TargetVersion.Vmm2019, 2047, FindingStatus.Fail)]
    [InlineData(TargetVersion.Vmm2022, 2048, FindingStatus.Fail)]
    [InlineData(TargetVersion.Vmm2025, 4096, FindingStatus.Pass)]
    public void Pass_or_fail_against_each_targets_startup_minimum(TargetVersion target, int startupMb, FindingStatus expected)
    {
        Assess.Rule(Id, WithVm(target, new VirtualMachineInfo(true, true, startupMb))).Expect(expected);
    }

    [Fact]
    public void Fail_shows_the_startup_memory_and_the_minimum()
    {
        var finding = Assess.Rule(Id, WithVm(TargetVersion.Vmm2025, new VirtualMachineInfo(true, true, 2048))).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(("2048", ">= 4096 MB"), (finding.Evidence[0].Actual, finding.Evidence[0].Expected));
    }

    [Fact]
    public void Pass_for_a_physical_server_or_a_vm_without_dynamic_memory()
    {
        Assess.Rule(Id, WithVm(TargetVersion.Vmm2025, new VirtualMachineInfo(false, null, null))).Expect(FindingStatus.Pass);
        Assess.Rule(Id, WithVm(TargetVersion.Vmm2025, new VirtualMachineInfo(true, false, 1024))).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_it_is_not_known_whether_the_server_is_a_vm()
    {
        Assess.Rule(Id, WithVm(TargetVersion.Vmm2025, null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, WithVm(TargetVersion.Vmm2025, new VirtualMachineInfo(true, true, null))).Expect(FindingStatus.Unknown);
    }
}
