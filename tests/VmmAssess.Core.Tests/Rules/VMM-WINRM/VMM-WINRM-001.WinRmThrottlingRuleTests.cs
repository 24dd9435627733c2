namespace VmmAssess.Core.Tests.Rules;

/// <summary>WSMan limits are not reset by the upgrade (PCU, UPG16); OS defaults are 1500 and 300 (WINRM).</summary>
public class WinRmThrottlingRuleTests
{
    private const string Id = "VMM-WINRM-001";

    [Fact]
    public void Pass_at_the_operating_system_defaults()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);

        Assert.Equal("WinRM limits are at or above the operating system defaults.", finding.Message);
    }

    [Fact]
    public void Fail_reports_each_low_limit_with_its_value_and_the_default()
    {
        var snapshot = TestSnapshots.Baseline.WithFirstManagementServer(s => s with { WinRm = new WinRmSettings(15, 25) });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("2 WinRM limit(s) are below the operating system defaults and will throttle VMM after the upgrade.", finding.Message);
        Assert.Equal(
            [
                new Evidence("VMMN1.contoso.com", "winRm.maxConcurrentOperationsPerUser", "15", ">= 1500"),
                new Evidence("VMMN1.contoso.com", "winRm.maxConnections", "25", ">= 300"),
            ],
            finding.Evidence);
    }

    [Theory]
    [InlineData(1499, 300, FindingStatus.Fail)]
    [InlineData(1500, 299, FindingStatus.Fail)]
    [InlineData(1500, 300, FindingStatus.Pass)]
    [InlineData(5000, 1000, FindingStatus.Pass)]
    [InlineData(0, 0, FindingStatus.Fail)]
    public void Limits_below_the_defaults_fail_and_at_or_above_pass(int perUser, int connections, FindingStatus expected)
    {
        var snapshot = TestSnapshots.Baseline.WithEachManagementServer(s => s with { WinRm = new WinRmSettings(perUser, connections) });

        Assess.Rule(Id, snapshot).Expect(expected);
    }

    [Fact]
    public void Every_management_server_is_checked()
    {
        var snapshot = TestSnapshots.Baseline.WithManagementServers(
            TestSnapshots.ManagementServerOn("VMMN1", Builds.WS2025),
            TestSnapshots.ManagementServerOn("VMMN2", Builds.WS2025) with { WinRm = new WinRmSettings(1500, 100) });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(["VMMN2"], finding.EvidenceObjects());
    }

    [Fact]
    public void Unknown_when_limits_are_not_collected()
    {
        var snapshot = TestSnapshots.Baseline.WithFirstManagementServer(s => s with { WinRm = new WinRmSettings(1500, null) });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Unknown);

        Assert.Equal("Some WinRM limits could not be read.", finding.Message);
        Assert.Equal(new Evidence("VMMN1.contoso.com", "winRm.maxConnections", null, ">= 300"), Assert.Single(finding.Evidence));
        Assess.Rule(Id, TestSnapshots.Baseline.WithEachManagementServer(s => s with { WinRm = null })).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_without_a_management_server_inventory()
    {
        Assess.Rule(Id, TestSnapshots.Baseline with { ManagementServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_when_no_management_server_is_listed()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithManagementServers()).Expect(FindingStatus.NotApplicable);
    }
}
