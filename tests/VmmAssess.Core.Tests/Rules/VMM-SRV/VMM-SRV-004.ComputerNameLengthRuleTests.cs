namespace VmmAssess.Core.Tests.Rules;

/// <summary>Computer name of the management server (and HA nodes) at most 15 characters (SR16–SR25, HA).</summary>
public class ComputerNameLengthRuleTests
{
    private const string Id = "VMM-SRV-004";

    private static Snapshot Named(string name) =>
        TestSnapshots.StandaloneBaseline.WithFirstManagementServer(s => s with { Name = name });

    [Theory]
    [InlineData("VMM01")]
    [InlineData("ABCDEFGHIJKLMNO")]                      // 15
    [InlineData("ABCDEFGHIJKLMNO.corp.contoso.com")]     // the host part is what counts
    public void Pass_for_names_of_at_most_15_characters(string name)
    {
        Assert.Equal("Every management server name has at most 15 characters.", Assess.Rule(Id, Named(name)).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_for_a_16_character_name_shows_its_length()
    {
        var finding = Assess.Rule(Id, Named("ABCDEFGHIJKLMNOP.contoso.com")).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("1 management server name is longer than 15 characters.", finding.Message);
        Assert.Equal(new Evidence("ABCDEFGHIJKLMNOP.contoso.com", "name", "16 characters", "at most 15"), Assert.Single(finding.Evidence));
    }

    [Fact]
    public void Every_node_of_a_highly_available_vmm_is_checked()
    {
        var snapshot = TestSnapshots.Baseline.WithManagementServers(
            TestSnapshots.ManagementServerOn("VMMN1", Builds.WS2025),
            TestSnapshots.ManagementServerOn("VMM-NODE-NUMBER-2", Builds.WS2025));

        Assert.Equal(["VMM-NODE-NUMBER-2"], Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail).EvidenceObjects());
    }

    [Fact]
    public void Unknown_when_a_server_has_no_name()
    {
        Assess.Rule(Id, Named("")).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, Named(null!)).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_without_a_management_server_inventory()
    {
        Assess.Rule(Id, TestSnapshots.Baseline with { ManagementServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_management_servers()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithManagementServers()).Expect(FindingStatus.NotApplicable);
    }
}
