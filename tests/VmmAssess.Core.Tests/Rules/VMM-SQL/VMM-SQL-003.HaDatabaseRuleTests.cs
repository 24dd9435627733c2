namespace VmmAssess.Core.Tests.Rules;

/// <summary>HA VMM: database on highly available SQL Server, on a cluster separate from the VMM cluster (PCU, PHA, HAS).</summary>
public class HaDatabaseRuleTests
{
    private const string Id = "VMM-SQL-003";

    [Theory]
    [InlineData(DatabaseHighAvailability.FailoverCluster)]
    [InlineData(DatabaseHighAvailability.AlwaysOn)]
    public void Pass_for_highly_available_sql_server_on_a_separate_cluster(DatabaseHighAvailability kind)
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = kind })).Expect(FindingStatus.Pass);

        Assert.Equal("The database is highly available on cluster SQLCL, separate from the VMM cluster.", finding.Message);
    }

    [Fact]
    public void Fail_for_a_standalone_sql_server()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = DatabaseHighAvailability.None })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        var evidence = finding.EvidenceFor("SQLFCI.contoso.com");
        Assert.Equal(("highAvailability", "None", "FailoverCluster or AlwaysOn"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Theory]
    [InlineData("VMMCL")]
    [InlineData("vmmcl")]
    [InlineData("VMMCL.contoso.com")]
    public void Fail_when_sql_server_runs_on_the_vmm_cluster(string sqlCluster)
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { ClusterName = sqlCluster })).Expect(FindingStatus.Fail);

        Assert.Equal("SQL Server runs on the VMM cluster itself; it should be on a separate failover cluster.", finding.Message);
        Assert.Equal((sqlCluster, "not VMMCL"), (finding.Evidence[0].Actual, finding.Evidence[0].Expected));
    }

    [Fact]
    public void Unknown_when_the_database_availability_or_cluster_names_are_missing()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { Database = null }).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { ClusterName = null })).Expect(FindingStatus.Unknown);
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithCluster(null)).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not name both the SQL Server cluster and the VMM cluster.", finding.Message);
    }

    [Fact]
    public void Unknown_when_high_availability_is_not_known() => HaGateCases.UnknownWhenHighAvailabilityIsNotKnown(Id);

    [Fact]
    public void Not_applicable_to_standalone_vmm() => HaGateCases.NotApplicableWhenStandalone(Id);
}
