namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §2: the Windows ADK each target requires (ADK for Windows 10; for Windows 11 and WS2022; for Windows 11 and WS2025).</summary>
public class AdkRuleTests
{
    private const string Id = "VMM-SRV-002";

    private static Snapshot WithAdk(TargetVersion target, string? version) =>
        TestSnapshots.ReadyFor(target).WithEachManagementServer(s => s with { AdkVersion = version });

    [Fact]
    public void Pass_when_every_management_server_has_the_required_adk()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);

        Assert.Equal("Every management server has the ADK VMM 2025 requires.", finding.Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, "10.1.14393.0", true)]   // ADK for Windows 10, version 1607
    [InlineData(TargetVersion.Vmm2016, "10.1.19041.1", true)]   // ADK for Windows 10, version 2004
    [InlineData(TargetVersion.Vmm2016, "10.1.22621.1", false)]  // ADK for Windows 11
    [InlineData(TargetVersion.Vmm2016, "8.100.26866", false)]   // ADK for Windows 8.1
    [InlineData(TargetVersion.Vmm2019, "10.1.17763.1", true)]
    [InlineData(TargetVersion.Vmm2019, "10.1.26100.1", false)]
    [InlineData(TargetVersion.Vmm2022, "10.1.20348.1", true)]   // ADK for Windows Server 2022
    [InlineData(TargetVersion.Vmm2022, "10.1.22621.1", true)]   // ADK for Windows 11, version 22H2
    [InlineData(TargetVersion.Vmm2022, "10.1.25398.1", true)]   // D12: also an "ADK for Windows 11" (22H2, September 2023 update)
    [InlineData(TargetVersion.Vmm2022, "10.1.17763.1", false)]
    [InlineData(TargetVersion.Vmm2022, "10.1.26100.1", false)]
    [InlineData(TargetVersion.Vmm2025, "10.1.26100.1", true)]   // ADK for Windows 11, version 24H2 / WS2025
    [InlineData(TargetVersion.Vmm2025, "10.1.22621.1", false)]
    [InlineData(TargetVersion.Vmm2025, "8.100.26866", false)]   // ADK 8.1: its third part is not a Windows 10/11 build
    public void Required_adk_per_target(TargetVersion target, string version, bool supported)
    {
        Assess.Rule(Id, WithAdk(target, version)).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Fact]
    public void Fail_names_the_installed_version_and_the_kit_to_install()
    {
        var finding = Assess.Rule(Id, WithAdk(TargetVersion.Vmm2025, "10.1.22621.1")).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        const string kit = "Windows ADK for Windows 11 and Windows Server 2025 with the WinPE add-on";
        Assert.Equal($"2 management servers need the {kit} before setup.", finding.Message);
        var evidence = finding.EvidenceFor("VMMN2.contoso.com");
        Assert.Equal(("adkVersion", "10.1.22621.1", kit), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.1")]
    [InlineData("latest")]
    [InlineData("10.1.x.1")]
    public void Unknown_when_the_adk_version_is_missing_or_unreadable(string? version)
    {
        var finding = Assess.Rule(Id, WithAdk(TargetVersion.Vmm2025, version)).Expect(FindingStatus.Unknown);

        Assert.Equal(version, finding.EvidenceFor("VMMN1.contoso.com").Actual);
    }

    [Fact]
    public void Not_applicable_without_management_servers()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithManagementServers()).Expect(FindingStatus.NotApplicable);
    }
}
