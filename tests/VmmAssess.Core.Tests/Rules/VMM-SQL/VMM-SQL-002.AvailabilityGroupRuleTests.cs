namespace VmmAssess.Core.Tests.Rules;

/// <summary>During setup the VMM database must not be in an Always On availability group (U16–U25, TPB, HASQL).</summary>
public class AvailabilityGroupRuleTests
{
    private const string Id = "VMM-SQL-002";

    [Fact]
    public void Pass_when_the_database_is_not_in_an_availability_group()
    {
        Assert.Equal("The VMM database is not in an availability group.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_when_the_database_is_in_an_availability_group_blocks_the_upgrade()
    {
        var snapshot = TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = DatabaseHighAvailability.AlwaysOn, InAvailabilityGroup = true, Server = "SQLAG-L.contoso.com" });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("The VMM database is in an Always On availability group: remove it before the upgrade.", finding.Message);
        Assert.Equal(new Evidence("SQLAG-L.contoso.com", "inAvailabilityGroup", "true", "false"), Assert.Single(finding.Evidence));
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(snapshot).Readiness);
    }

    [Theory]
    [InlineData(DatabaseHighAvailability.None)]
    [InlineData(DatabaseHighAvailability.FailoverCluster)]
    public void A_database_that_is_not_on_always_on_cannot_be_in_a_group(DatabaseHighAvailability kind)
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = kind, InAvailabilityGroup = null })).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_when_membership_is_not_collected_for_always_on_or_unknown_availability()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = DatabaseHighAvailability.AlwaysOn, InAvailabilityGroup = null }))
            .Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithDatabase(d => d with { HighAvailability = null, InAvailabilityGroup = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { Database = null }).Expect(FindingStatus.Unknown);
    }
}
