namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// SR19/SR22/SR25: "For the below supported SQL versions, Standard, Enterprise, and Datacenter (64-bit) editions are
/// supported based on the availability."
/// </summary>
public class SqlEditionRuleTests
{
    private const string Id = "VMM-SQL-004";

    private static Snapshot WithEdition(string? edition) =>
        TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithDatabase(d => d with { Edition = edition });

    [Theory]
    [InlineData("Enterprise Edition (64-bit)")]
    [InlineData("Standard Edition (64-bit)")]
    [InlineData("Enterprise Edition: Core-based Licensing (64-bit)")]
    public void Pass_for_standard_enterprise_and_datacenter(string edition)
    {
        Assess.Rule(Id, WithEdition(edition)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Fail_blocks_sql_server_express_although_its_version_is_supported()
    {
        var snapshot = WithEdition("Express Edition (64-bit)");
        var result = Assess.Evaluate(snapshot);

        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail);
        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal(("edition", "Express Edition (64-bit)", "Standard, Enterprise or Datacenter (64-bit)"),
            (finding.Evidence[0].Property, finding.Evidence[0].Actual, finding.Evidence[0].Expected));
        Assess.Rule("VMM-SQL-001", snapshot).Expect(FindingStatus.Pass);
        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Theory]
    [InlineData("Developer Edition (64-bit)")]
    [InlineData("Web Edition (64-bit)")]
    [InlineData("Standard Edition")] // no "(64-bit)" marker: the edition is still listed
    public void Fail_only_for_editions_the_page_does_not_name(string edition)
    {
        Assess.Rule(Id, WithEdition(edition)).Expect(edition.StartsWith("Standard", StringComparison.Ordinal) ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Fact]
    public void Fail_for_a_32_bit_installation()
    {
        Assess.Rule(Id, WithEdition("Standard Edition (32-bit)")).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_the_edition_is_not_collected()
    {
        Assess.Rule(Id, WithEdition(null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { Database = null }).Expect(FindingStatus.Unknown);
    }
}
