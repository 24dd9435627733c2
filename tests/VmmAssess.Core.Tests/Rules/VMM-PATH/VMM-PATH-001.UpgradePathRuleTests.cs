namespace VmmAssess.Core.Tests.Rules;

/// <summary>Facts sheet §1: direct sources and minimum update rollups per target; other sources go through each hop.</summary>
public class UpgradePathRuleTests
{
    private const string Id = "VMM-PATH-001";

    private static Snapshot From(VmmProduct? product, int? rollup, TargetVersion target) =>
        TestSnapshots.ReadyFor(target).WithSource(product, rollup);

    [Theory]
    [InlineData(VmmProduct.Vmm2012R2, 9, TargetVersion.Vmm2016, "VMM 2012 R2 UR9+ → VMM 2016")]
    [InlineData(VmmProduct.Vmm2012R2, 14, TargetVersion.Vmm2016, "VMM 2012 R2 UR9+ → VMM 2016")]
    [InlineData(VmmProduct.Vmm2016, 6, TargetVersion.Vmm2019, "VMM 2016 UR6+ → VMM 2019")]
    [InlineData(VmmProduct.Vmm1801, null, TargetVersion.Vmm2019, "VMM 1801 → VMM 2019")]
    [InlineData(VmmProduct.Vmm1807, null, TargetVersion.Vmm2019, "VMM 1807 → VMM 2019")]
    [InlineData(VmmProduct.Vmm2019, null, TargetVersion.Vmm2022, "VMM 2019 → VMM 2022")]
    [InlineData(VmmProduct.Vmm2019, 0, TargetVersion.Vmm2022, "VMM 2019 → VMM 2022")]
    [InlineData(VmmProduct.Vmm2022, null, TargetVersion.Vmm2025, "VMM 2022 → VMM 2025")]
    public void Pass_for_each_documented_direct_upgrade(VmmProduct product, int? rollup, TargetVersion target, string summary)
    {
        var result = Assess.Evaluate(From(product, rollup, target));
        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Pass);

        Assert.Equal($"Direct upgrade: {summary}.", finding.Message);
        Assert.True(result.UpgradePath.Direct);
        Assert.Equal(summary, result.UpgradePath.Summary);
        Assert.Single(result.UpgradePath.Hops);
    }

    [Theory]
    [InlineData(VmmProduct.Vmm2012R2, 8, TargetVersion.Vmm2016, "VMM 2012 R2 UR9+ → VMM 2016: apply update rollup 9 or later first (UR8 installed).")]
    [InlineData(VmmProduct.Vmm2012R2, 0, TargetVersion.Vmm2016, "VMM 2012 R2 UR9+ → VMM 2016: apply update rollup 9 or later first (UR0 installed).")]
    [InlineData(VmmProduct.Vmm2016, 5, TargetVersion.Vmm2019, "VMM 2016 UR6+ → VMM 2019: apply update rollup 6 or later first (UR5 installed).")]
    public void Fail_below_the_minimum_update_rollup_names_the_rollup_to_apply(VmmProduct product, int rollup, TargetVersion target, string message)
    {
        var finding = Assess.Rule(Id, From(product, rollup, target)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Blocker, finding.Severity);
        Assert.Equal(message, finding.Message);
        var evidence = finding.EvidenceFor("VMM");
        Assert.Equal("product", evidence.Property);
        Assert.Equal($"{(product == VmmProduct.Vmm2012R2 ? "VMM 2012 R2" : "VMM 2016")} UR{rollup}", evidence.Actual);
    }

    [Theory]
    [InlineData(VmmProduct.Vmm2016, 6, TargetVersion.Vmm2022, "VMM 2016 UR6+ → VMM 2019 → VMM 2022")]
    [InlineData(VmmProduct.Vmm1801, null, TargetVersion.Vmm2022, "VMM 1801 → VMM 2019 → VMM 2022")]
    [InlineData(VmmProduct.Vmm2019, 6, TargetVersion.Vmm2025, "VMM 2019 → VMM 2022 → VMM 2025")]
    [InlineData(VmmProduct.Vmm2016, 9, TargetVersion.Vmm2025, "VMM 2016 UR6+ → VMM 2019 → VMM 2022 → VMM 2025")]
    [InlineData(VmmProduct.Vmm2012R2, 14, TargetVersion.Vmm2019, "VMM 2012 R2 UR9+ → VMM 2016 UR6+ → VMM 2019")]
    [InlineData(VmmProduct.Vmm2012R2, 5, TargetVersion.Vmm2025, "VMM 2012 R2 UR9+ → VMM 2016 UR6+ → VMM 2019 → VMM 2022 → VMM 2025")]
    public void Fail_when_the_target_needs_intermediate_upgrades_lists_every_hop(VmmProduct product, int? rollup, TargetVersion target, string hops)
    {
        var result = Assess.Evaluate(From(product, rollup, target));
        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail);
        var hopCount = hops.Split(" → ").Length - 1;

        var firstHop = rollup is < 9 && product == VmmProduct.Vmm2012R2 ? $" Apply update rollup 9 or later first (UR{rollup} installed)." : "";
        Assert.Equal($"No direct upgrade to VMM {(int)target}; upgrade in {hopCount} hops: {hops}.{firstHop}", finding.Message);
        Assert.Equal(hops, finding.EvidenceFor("VMM").Expected);
        Assert.False(result.UpgradePath.Direct);
        Assert.Equal(hopCount, result.UpgradePath.Hops.Count);
        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Multi_hop_path_records_each_hop_with_its_minimum_rollup()
    {
        var result = Assess.Evaluate(From(VmmProduct.Vmm2012R2, 14, TargetVersion.Vmm2025));

        Assert.Equal(
            [new UpgradeHop("2012R2", "2016", 9), new UpgradeHop("2016", "2019", 6), new UpgradeHop("2019", "2022", null), new UpgradeHop("2022", "2025", null)],
            result.UpgradePath.Hops);
    }

    [Theory]
    [InlineData(VmmProduct.Vmm2022, TargetVersion.Vmm2019, "There is no supported upgrade path from VMM 2022 to VMM 2019.")]
    [InlineData(VmmProduct.Vmm2019, TargetVersion.Vmm2016, "There is no supported upgrade path from VMM 2019 to VMM 2016.")]
    [InlineData(VmmProduct.Vmm1807, TargetVersion.Vmm2016, "There is no supported upgrade path from VMM 1807 to VMM 2016.")]
    [InlineData(VmmProduct.Vmm2025, TargetVersion.Vmm2022, "There is no supported upgrade path from VMM 2025 to VMM 2022.")]
    public void Fail_when_the_source_is_newer_than_the_target(VmmProduct product, TargetVersion target, string message)
    {
        var result = Assess.Evaluate(From(product, 1, target));

        Assert.Equal(message, result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Fail).Message);
        Assert.False(result.UpgradePath.Direct);
        Assert.Empty(result.UpgradePath.Hops);
    }

    [Fact]
    public void Not_applicable_when_the_source_already_runs_the_target()
    {
        var finding = Assess.Rule(Id, From(VmmProduct.Vmm2025, 1, TargetVersion.Vmm2025)).Expect(FindingStatus.NotApplicable);

        Assert.Equal("VMM 2025 already runs the target version.", finding.Message);
    }

    [Fact]
    public void Unknown_when_the_source_version_is_missing()
    {
        var result = Assess.Evaluate(From(null, null, TargetVersion.Vmm2025));
        var finding = result.Findings.Single(f => f.RuleId == Id).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not say which VMM version runs.", finding.Message);
        Assert.Null(finding.EvidenceFor("VMM").Actual);
        Assert.Null(result.UpgradePath.Direct);
        Assert.Equal(Readiness.Unknown, result.Readiness);
    }

    [Theory]
    [InlineData(VmmProduct.Vmm2012R2, TargetVersion.Vmm2016)]
    [InlineData(VmmProduct.Vmm2016, TargetVersion.Vmm2019)]
    public void Unknown_when_the_rollup_is_missing_and_the_target_needs_a_minimum(VmmProduct product, TargetVersion target)
    {
        var finding = Assess.Rule(Id, From(product, null, target)).Expect(FindingStatus.Unknown);

        Assert.EndsWith($"the snapshot does not say which update rollup {(product == VmmProduct.Vmm2012R2 ? "VMM 2012 R2" : "VMM 2016")} runs.", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>U16: upgrade to 2016 from "VMM 2012 R2 with update rollup 9 or later": the first hop of a chain keeps that minimum.</summary>
    [Fact]
    public void Fail_for_a_chain_also_asks_for_the_first_hops_update_rollup()
    {
        var finding = Assess.Rule(Id, TestSnapshots.ReadyFor(TargetVersion.Vmm2016).WithSource(VmmProduct.Vmm2012R2, 7).Targeting(TargetVersion.Vmm2019)).Expect(FindingStatus.Fail);

        Assert.EndsWith("Apply update rollup 9 or later first (UR7 installed).", finding.Message, StringComparison.Ordinal);
    }
}
