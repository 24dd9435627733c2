namespace VmmAssess.Core.Tests.Rules;

/// <summary>SR16–SR25, VMM management server: "Don't install on a server running Hyper-V."</summary>
public class HyperVRoleRuleTests
{
    private const string Id = "VMM-SRV-005";

    [Fact]
    public void Pass_when_no_management_server_runs_hyper_v()
    {
        Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Fail_names_the_management_server_running_hyper_v()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithFirstManagementServer(s => s with { HyperVRoleInstalled = true })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["VMMN1.contoso.com"], finding.EvidenceObjects());
        Assert.Contains("Don't install on a server running Hyper-V.", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_when_the_role_is_not_collected()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithEachManagementServer(s => s with { HyperVRoleInstalled = null })).Expect(FindingStatus.Unknown);
        Assert.Equal(["$.managementServers[*].hyperVRoleInstalled"], finding.MissingData);
    }
}
