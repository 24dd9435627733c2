namespace VmmAssess.Core.Tests.Assessment;

/// <summary>
/// A multi-hop upgrade is judged hop by hop (D4). SR16: VMM server "Windows Server 2012 R2 … | N", "Windows Server
/// 2016 | Y"; ADK "Windows ADK for Windows 10"; U16: "Upgrade the management operating system to Windows Server 2016."
/// Advice for the last hop (Windows Server 2022, the ADK for Windows 11) must not break the first (VMM 2016 does not run on them).
/// </summary>
public class UpgradePlanReportTests
{
    private static AssessmentResult Litware() =>
        Assess.Evaluate(SnapshotParser.Parse(RepoFiles.Sample("litware-2012r2-to-2022")).Snapshot!);

    private static PlannedHop Hop(AssessmentResult result, int number) => result.UpgradePlan.Hops.Single(h => h.Number == number);

    private static HopPrerequisite Prerequisite(PlannedHop hop, string ruleId) => hop.Prerequisites.Single(p => p.RuleId == ruleId);

    [Fact]
    public void The_2012_r2_to_2022_sample_plans_three_hops_in_the_published_order()
    {
        var plan = Litware().UpgradePlan;

        Assert.Equal(UpgradePlanKind.MultiHop, plan.Kind);
        Assert.Equal(["VMM 2012 R2 UR9+ → VMM 2016", "VMM 2016 UR6+ → VMM 2019", "VMM 2019 → VMM 2022"], plan.Hops.Select(h => h.Title));
        Assert.Equal([("2012R2", "2016"), ("2016", "2019"), ("2019", "2022")], plan.Hops.Select(h => (h.From, h.To)));
    }

    [Fact]
    public void Each_hop_asks_for_the_management_server_os_and_adk_of_its_own_version()
    {
        var result = Litware();

        Assert.Equal("Windows Server 2016 for VMM 2016", Prerequisite(Hop(result, 1), "VMM-SRV-001").Evidence[0].Expected);
        Assert.Equal("Windows Server 2016, Windows Server 2019 for VMM 2019", Prerequisite(Hop(result, 2), "VMM-SRV-001").Evidence[0].Expected);
        Assert.Equal("Windows Server 2022 for VMM 2022", Prerequisite(Hop(result, 3), "VMM-SRV-001").Evidence[0].Expected);
        Assert.Equal("Windows ADK for Windows 10 for VMM 2016", Prerequisite(Hop(result, 1), "VMM-SRV-002").Evidence[0].Expected);
        Assert.Equal("Windows ADK for Windows 11 and Windows Server 2022 with the WinPE add-on for VMM 2022", Prerequisite(Hop(result, 3), "VMM-SRV-002").Evidence[0].Expected);
    }

    [Fact]
    public void The_findings_lead_with_the_first_hop_they_block_and_name_every_hop()
    {
        var result = Litware();
        var os = result.Findings.Single(f => f.RuleId == "VMM-SRV-001");

        Assert.StartsWith("Hop 1 of 3 (VMM 2012 R2 → VMM 2016): ", os.Message, StringComparison.Ordinal);
        Assert.Equal("Windows Server 2016 for VMM 2016", os.Evidence[0].Expected);
        Assert.Equal([1, 2, 3], os.Hops);
        Assert.DoesNotContain(result.Findings.Where(f => f.RuleId is "VMM-SRV-001" or "VMM-SRV-002").SelectMany(f => f.Evidence),
            e => e.Expected!.StartsWith("Windows Server 2022", StringComparison.Ordinal) || e.Expected.Contains("Windows 11", StringComparison.Ordinal));

        var sql = result.Findings.Single(f => f.RuleId == "VMM-SQL-001"); // SQL Server 2014: fine for 2016, not for 2019 or 2022
        Assert.Equal([2, 3], sql.Hops);
        Assert.StartsWith("Hop 2 of 3 (VMM 2016 → VMM 2019): SQL Server 2014 is not supported by VMM 2019.", sql.Message, StringComparison.Ordinal);
        Assert.Equal([3], result.Findings.Single(f => f.RuleId == "VMM-HOST-001").Hops); // WS2012 R2 hosts: managed by 2016 and 2019, not 2022
    }

    [Fact]
    public void Host_advice_for_a_later_hop_names_the_releases_the_running_version_also_manages()
    {
        var expected = Prerequisite(Hop(Litware(), 3), "VMM-HOST-001").Evidence[0].Expected;

        // SR19: "Windows Server 2022 | N": upgrading the hosts to WS2022 while VMM 2019 runs would lose them.
        Assert.EndsWith("of these, VMM 2019 (running until this hop) also supports Windows Server 2016, Windows Server 2019", expected, StringComparison.Ordinal);
    }

    /// <summary>SR19: ESX 6.5/6.7 from VMM 2019 UR2, 7.0/8.0 from UR5; SR22: 6.5, 6.7, 7.0 and 8.0 (from UR1).</summary>
    [Fact]
    public void Vmware_advice_for_a_later_hop_names_the_versions_and_rollups_the_running_version_needs()
    {
        var expected = Prerequisite(Hop(Litware(), 3), "VMM-VMW-001").Evidence[0].Expected;

        Assert.Equal("6.5, 6.7, 7.0 (UR1+), 8.0 (UR1+) for VMM 2022; of these, VMM 2019 (running until this hop) also supports 6.5 (UR2+), 6.7 (UR2+), 7.0 (UR5+), 8.0 (UR5+)", expected);
    }

    [Fact]
    public void Update_rollups_to_apply_after_each_hop_come_from_the_next_hop_and_the_estate()
    {
        var result = Litware();

        Assert.Equal(6, Hop(result, 1).UpdateRollupAfter); // U19: VMM 2016 UR6 or later
        Assert.Contains("the upgrade to VMM 2019 requires VMM 2016 UR6 or later", Hop(result, 1).UpdateRollupReason, StringComparison.Ordinal);
        Assert.Equal(2, Hop(result, 2).UpdateRollupAfter); // SR19: WS2012 R2 hosts "supported from 2019 UR2 and later"
        Assert.Null(Hop(result, 3).UpdateRollupAfter);
    }

    [Fact]
    public void Findings_that_are_not_per_hop_are_dealt_with_before_the_first_hop_and_the_checklist_follows_each_hop()
    {
        var result = Litware();

        Assert.Contains(Hop(result, 1).Prerequisites, p => p.RuleId == "VMM-OM-001");
        Assert.DoesNotContain(result.UpgradePlan.Hops.SelectMany(h => h.Prerequisites), p => p.RuleId == "VMM-PATH-001");
        Assert.Contains(Hop(result, 1).AfterHop, c => c.Id == "CHK-TEMPLATES"); // U16 only
        Assert.DoesNotContain(Hop(result, 3).AfterHop, c => c.Id == "CHK-TEMPLATES");
        Assert.All(result.UpgradePlan.Hops, h => Assert.Contains("Retain database", h.Step, StringComparison.Ordinal));
    }

    [Fact]
    public void A_direct_upgrade_has_one_hop_with_every_failing_finding_and_no_hop_numbers()
    {
        var result = Assess.Evaluate(TestSnapshots.Baseline.WithVmm(v => v with { RunningJobs = 2 }));

        var hop = Assert.Single(result.UpgradePlan.Hops);
        Assert.Equal("VMM 2022 → VMM 2025", hop.Title);
        Assert.Equal(["VMM-OPS-001"], hop.Prerequisites.Select(p => p.RuleId));
        Assert.All(result.Findings, f => Assert.Null(f.Hops));
    }

    [Fact]
    public void No_plan_without_a_path()
    {
        var result = Assess.Evaluate(TestSnapshots.Baseline.WithSource(VmmProduct.Vmm2025, null).Targeting(TargetVersion.Vmm2022));

        Assert.Equal(UpgradePlanKind.NoPath, result.UpgradePlan.Kind);
        Assert.Empty(result.UpgradePlan.Hops);
    }

    [Fact]
    public void A_first_hop_below_its_minimum_rollup_starts_by_applying_it()
    {
        var result = Assess.Evaluate(SnapshotParser.Parse(RepoFiles.Sample("litware-2012r2-to-2022")).Snapshot!.WithSource(VmmProduct.Vmm2012R2, 7));

        Assert.StartsWith("Apply VMM 2012 R2 UR9 or later first (UR7 installed). ", Hop(result, 1).Step, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_cite_only_the_pages_of_the_versions_they_judge()
    {
        var direct = Assess.Evaluate(TestSnapshots.ReadyFor(TargetVersion.Vmm2016).WithVmm(v => v with { RunningJobs = 1 }));
        // A rule that does not apply to 2016 and has only other versions' pages (e.g. VMM-FEAT-002) still shows them.
        var urls = direct.Findings.Where(f => f.Status != FindingStatus.NotApplicable).SelectMany(f => f.References).Select(r => r.Url).Concat(direct.Checklist.SelectMany(c => c.References).Select(r => r.Url)).ToList();

        Assert.DoesNotContain(urls, u => u.Contains("sc-vmm-2019", StringComparison.Ordinal) || u.Contains("sc-vmm-2022", StringComparison.Ordinal) || u.Contains("sc-vmm-2025", StringComparison.Ordinal));
        var multiHop = Litware().Findings.Single(f => f.RuleId == "VMM-SRV-001").References.Select(r => r.Url).ToList();
        Assert.DoesNotContain(multiHop, u => u.Contains("sc-vmm-2025", StringComparison.Ordinal));
        Assert.Contains(multiHop, u => u.Contains("sc-vmm-2016", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_keeps_ten_evidence_items_per_prerequisite_and_points_at_the_finding_for_the_rest()
    {
        var hosts = Enumerable.Range(1, 60).Select(i => TestSnapshots.HyperVHost($"HV{i:D3}.litware.com", Builds.WS2012R2)).ToArray();
        var result = Assess.Evaluate(SnapshotParser.Parse(RepoFiles.Sample("litware-2012r2-to-2022")).Snapshot!.WithHosts(hosts));

        var evidence = Prerequisite(Hop(result, 3), "VMM-HOST-001").Evidence;
        Assert.Equal(AssessmentEvaluator.MaxPlanEvidence + 1, evidence.Count);
        Assert.Equal("(more in the VMM-HOST-001 finding)", evidence[^1].Object);
        Assert.Equal("(and 10 more)", result.Findings.Single(f => f.RuleId == "VMM-HOST-001").Evidence[^1].Object);
    }
}
