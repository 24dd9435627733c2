namespace VmmAssess.Core.Tests.Rules;

/// <summary>PI: "The SQL Server's computer name can't exceed 15 characters."</summary>
public class SqlServerNameLengthRuleTests
{
    private const string Id = "VMM-SQL-005";

    private static Snapshot OnServer(string? server) => TestSnapshots.Baseline.WithDatabase(d => d with { Server = server });

    [Fact]
    public void Pass_for_a_name_of_fifteen_characters()
    {
        Assess.Rule(Id, OnServer("SQL-VMM-PROD-01.contoso.com")).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Fail_blocks_a_sql_server_name_longer_than_fifteen_characters()
    {
        var finding = Assess.Rule(Id, OnServer("SQL-VMM-PROD-001.contoso.com")).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal(("SQL-VMM-PROD-001.contoso.com", "16 characters", "at most 15"), (finding.Evidence[0].Object, finding.Evidence[0].Actual, finding.Evidence[0].Expected));
    }

    [Fact]
    public void Unknown_when_the_server_is_not_named()
    {
        Assess.Rule(Id, OnServer(null)).Expect(FindingStatus.Unknown);
    }
}
