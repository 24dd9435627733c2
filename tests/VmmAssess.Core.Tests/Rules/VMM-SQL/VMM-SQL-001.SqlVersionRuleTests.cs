namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §3: SQL Server versions per target (SR16–SR25, WN22).</summary>
public class SqlVersionRuleTests
{
    private const string Id = "VMM-SQL-001";

    private static Snapshot OnSql(TargetVersion target, string? version) =>
        TestSnapshots.ReadyFor(target).WithDatabase(d => d with { Version = version });

    [Fact]
    public void Pass_for_a_supported_sql_server()
    {
        Assert.Equal("SQL Server 2022 is supported by VMM 2025.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016, SqlBuilds.Sql2012, true)]
    [InlineData(TargetVersion.Vmm2016, SqlBuilds.Sql2014, true)]
    [InlineData(TargetVersion.Vmm2016, SqlBuilds.Sql2016, true)]
    [InlineData(TargetVersion.Vmm2016, SqlBuilds.Sql2008R2, false)]
    [InlineData(TargetVersion.Vmm2016, SqlBuilds.Sql2008, false)]
    [InlineData(TargetVersion.Vmm2016, SqlBuilds.Sql2017, false)]
    [InlineData(TargetVersion.Vmm2019, SqlBuilds.Sql2016, true)]
    [InlineData(TargetVersion.Vmm2019, SqlBuilds.Sql2017, true)]
    [InlineData(TargetVersion.Vmm2019, SqlBuilds.Sql2019, true)]
    [InlineData(TargetVersion.Vmm2019, SqlBuilds.Sql2014, false)]
    [InlineData(TargetVersion.Vmm2019, SqlBuilds.Sql2022, false)]
    [InlineData(TargetVersion.Vmm2022, SqlBuilds.Sql2016, true)]
    [InlineData(TargetVersion.Vmm2022, SqlBuilds.Sql2017, true)]
    [InlineData(TargetVersion.Vmm2022, SqlBuilds.Sql2019, true)]
    [InlineData(TargetVersion.Vmm2022, SqlBuilds.Sql2022, true)]
    [InlineData(TargetVersion.Vmm2022, SqlBuilds.Sql2014, false)]
    [InlineData(TargetVersion.Vmm2025, SqlBuilds.Sql2019, true)]
    [InlineData(TargetVersion.Vmm2025, SqlBuilds.Sql2022, true)]
    [InlineData(TargetVersion.Vmm2025, SqlBuilds.Sql2017, false)]
    [InlineData(TargetVersion.Vmm2025, SqlBuilds.Sql2016, false)]
    public void Supported_sql_server_per_target(TargetVersion target, string version, bool supported)
    {
        Assess.Rule(Id, OnSql(target, version)).Expect(supported ? FindingStatus.Pass : FindingStatus.Fail);
    }

    [Fact]
    public void Fail_names_the_instance_its_release_and_the_supported_releases()
    {
        var finding = Assess.Rule(Id, OnSql(TargetVersion.Vmm2025, SqlBuilds.Sql2017)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal("SQL Server 2017 is not supported by VMM 2025.", finding.Message);
        var evidence = finding.EvidenceFor("SQLFCI.contoso.com\\VMM");
        Assert.Equal(("version", "SQL Server 2017 (14.0.3456.2)", "SQL Server 2019, SQL Server 2022"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Theory]
    [InlineData("11.0.2100.60", FindingStatus.Fail)]  // SQL Server 2012 RTM
    [InlineData("11.0.3000.0", FindingStatus.Pass)]   // SP1
    [InlineData("11.0.7001.0", FindingStatus.Pass)]   // SP4
    public void Fail_for_sql_server_2012_below_sp1_under_vmm_2016(string build, FindingStatus expected)
    {
        var finding = Assess.Rule(Id, OnSql(TargetVersion.Vmm2016, build)).Expect(expected);

        if (expected == FindingStatus.Fail)
        {
            Assert.Equal($"SQL Server 2012 build {build} is below SP1, the lowest level VMM 2016 supports.", finding.Message);
            Assert.StartsWith("SQL Server 2012 SP1 or later, SQL Server 2014", finding.Evidence[0].Expected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sql_2008_and_2008_r2_are_told_apart_by_minor_version()
    {
        var r2 = Assess.Rule(Id, OnSql(TargetVersion.Vmm2016, SqlBuilds.Sql2008R2)).Expect(FindingStatus.Fail);
        var rtm = Assess.Rule(Id, OnSql(TargetVersion.Vmm2016, SqlBuilds.Sql2008)).Expect(FindingStatus.Fail);

        Assert.Equal("SQL Server 2008 R2 is not supported by VMM 2016.", r2.Message);
        Assert.Equal("SQL Server 2008 is not supported by VMM 2016.", rtm.Message);
    }

    [Fact]
    public void Sql_2022_under_vmm_2022_passes_with_the_update_rollup_condition()
    {
        var finding = Assess.Rule(Id, OnSql(TargetVersion.Vmm2022, SqlBuilds.Sql2022)).Expect(FindingStatus.Pass);

        Assert.Equal("SQL Server 2022 is supported from VMM 2022 UR1: apply it right after the upgrade.", finding.Message);
    }

    [Fact]
    public void Default_instance_is_named_by_its_server()
    {
        var snapshot = OnSql(TargetVersion.Vmm2025, SqlBuilds.Sql2016).WithDatabase(d => d with { Instance = "" });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail).EvidenceFor("SQLFCI.contoso.com");
    }

    [Theory]
    [InlineData(SqlBuilds.Unmapped)]
    [InlineData("10.25.1600.22")]
    [InlineData("9.00.5000")]
    public void Unknown_for_an_unmapped_build_rather_than_a_guess(string version)
    {
        var finding = Assess.Rule(Id, OnSql(TargetVersion.Vmm2025, version)).Expect(FindingStatus.Unknown);

        Assert.Equal($"SQL Server build {version} is not in the support data.", finding.Message);
        Assert.Equal(version, finding.Evidence[0].Actual);
    }

    [Fact]
    public void Unknown_when_the_version_is_not_collected_still_says_what_is_supported()
    {
        var finding = Assess.Rule(Id, OnSql(TargetVersion.Vmm2022, null)).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not say which SQL Server version holds the VMM database.", finding.Message);
        Assert.Equal("SQL Server 2016, SQL Server 2017, SQL Server 2019, SQL Server 2022 (from VMM 2022 UR1)", finding.Evidence[0].Expected);
        Assess.Rule(Id, TestSnapshots.Baseline with { Database = null }).Expect(FindingStatus.Unknown);
    }
}
