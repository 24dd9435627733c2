namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §3, §5, §6: support that starts at an update rollup of the target (SR19, SR22, WN22).</summary>
public class TargetUpdateRollupRuleTests
{
    private const string Id = "VMM-PATH-003";

    [Fact]
    public void Pass_when_nothing_needs_an_update_rollup_of_the_target()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass);

        Assert.Equal("Nothing in the inventory needs an update rollup of VMM 2025.", finding.Message);
    }

    [Fact]
    public void Fail_lists_each_item_and_asks_for_the_highest_rollup()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2019)
            .AddHosts(TestSnapshots.EsxHost("esx70.contoso.com", "7.0.3"), TestSnapshots.HyperVHost("HV2012R2.contoso.com", Builds.WS2012R2))
            .WithVCenters(new VCenterServer("vc67.contoso.com", "6.7.0"));

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("3 items are supported only from a VMM 2019 update rollup: apply UR5 or later right after the upgrade.", finding.Message);
        Assert.Equal("VMM 2019 UR5 or later", finding.EvidenceFor("esx70.contoso.com").Expected);
        Assert.Equal("VMM 2019 UR2 or later", finding.EvidenceFor("HV2012R2.contoso.com").Expected);
        Assert.Equal("VMM 2019 UR2 or later", finding.EvidenceFor("vc67.contoso.com").Expected);
    }

    [Fact]
    public void Fail_on_a_large_estate_keeps_fifty_items_of_evidence_and_counts_the_rest()
    {
        var hosts = Enumerable.Range(1, 60).Select(i => TestSnapshots.EsxHost($"esx{i:00}.contoso.com", "7.0.3")).ToArray();

        var finding = Assess.Rule(Id, TestSnapshots.ReadyFor(TargetVersion.Vmm2019).WithHosts(hosts)).Expect(FindingStatus.Fail);

        Assert.StartsWith("60 items are supported only from a VMM 2019 update rollup", finding.Message, StringComparison.Ordinal);
        Assert.Equal(51, finding.Evidence.Count);
        Assert.Equal("(and 10 more)", finding.Evidence[^1].Object);
    }

    [Fact]
    public void Fail_for_sql_server_2022_under_vmm_2022()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithDatabase(d => d with { Version = "16.0.4135.4" });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Contains("apply UR1 or later", finding.Message);
        Assert.Equal("VMM 2022 UR1 or later", finding.Evidence.Single().Expected);
    }

    [Fact]
    public void The_same_versions_need_nothing_where_the_base_release_supports_them()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2025)
            .AddHosts(TestSnapshots.EsxHost("esx70.contoso.com", "7.0.3"))
            .WithVCenters(new VCenterServer("vc80.contoso.com", "8.0.1"));

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_without_any_of_the_inventories_it_reads()
    {
        var snapshot = TestSnapshots.Baseline with { Hosts = null, VCenters = null, Database = null };

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Unknown);
    }

    /// <summary>
    /// Contract: "Any field other than the identity fields may be missing or null: the affected rules then report
    /// Unknown." A database without hosts and vCenters used to pass ("Nothing in the inventory needs…").
    /// </summary>
    [Fact]
    public void Unknown_when_hosts_or_vcenters_are_missing_although_the_database_is_there()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline with { Hosts = null, VCenters = null }).Expect(FindingStatus.Unknown);
        Assert.Contains("no hosts, vCenter inventory", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["$.hosts", "$.vCenters"], finding.MissingData);
    }

    [Fact]
    public void Fail_still_reports_what_is_known_to_need_a_rollup_when_an_inventory_is_missing()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithDatabase(d => d with { Version = SqlBuilds.Sql2022 }) with { Hosts = null };
        Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);
    }
}
