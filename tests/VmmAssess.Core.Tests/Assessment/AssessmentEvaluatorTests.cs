using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmmAssess.Core.Tests.Assessment;

/// <summary>How findings add up to what an MSP reads first: readiness, coverage, counts and the order of the list.</summary>
public class AssessmentEvaluatorTests
{
    private static AssessmentResult EvaluateStubs(params Rule[] rules) =>
        StubRule.Evaluator(rules).Evaluate(TestSnapshots.Baseline, Assess.AssessedAt);

    // ---- Readiness -------------------------------------------------------------------------------------------

    [Fact]
    public void Ready_when_nothing_fails_and_every_blocker_had_its_data()
    {
        var result = EvaluateStubs(
            new StubRule("B1", Severity.Blocker, FindingStatus.Pass),
            new StubRule("W1", Severity.Warning, FindingStatus.Pass),
            new StubRule("B2", Severity.Blocker, FindingStatus.NotApplicable));

        Assert.Equal(Readiness.Ready, result.Readiness);
    }

    [Fact]
    public void Not_ready_when_a_blocker_fails_even_if_other_blockers_lack_data()
    {
        var result = EvaluateStubs(
            new StubRule("B1", Severity.Blocker, FindingStatus.Fail),
            new StubRule("B2", Severity.Blocker, FindingStatus.Unknown),
            new StubRule("W1", Severity.Warning, FindingStatus.Fail));

        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Unknown_when_no_blocker_fails_but_a_blocker_lacks_data()
    {
        var result = EvaluateStubs(
            new StubRule("B1", Severity.Blocker, FindingStatus.Unknown),
            new StubRule("B2", Severity.Blocker, FindingStatus.Pass),
            new StubRule("W1", Severity.Warning, FindingStatus.Fail));

        Assert.Equal(Readiness.Unknown, result.Readiness);
    }

    [Theory]
    [InlineData(Severity.Warning)]
    [InlineData(Severity.Action)]
    public void Ready_with_conditions_when_a_warning_or_action_fails(Severity severity)
    {
        var result = EvaluateStubs(new StubRule("B1", Severity.Blocker, FindingStatus.Pass), new StubRule("X1", severity, FindingStatus.Fail));

        Assert.Equal(Readiness.ReadyWithConditions, result.Readiness);
    }

    [Fact]
    public void Failing_info_rules_and_unknown_warnings_do_not_lower_readiness()
    {
        var result = EvaluateStubs(
            new StubRule("B1", Severity.Blocker, FindingStatus.Pass),
            new StubRule("I1", Severity.Info, FindingStatus.Fail),
            new StubRule("W1", Severity.Warning, FindingStatus.Unknown),
            new StubRule("A1", Severity.Action, FindingStatus.Unknown));

        Assert.Equal(Readiness.Ready, result.Readiness);
    }

    [Fact]
    public void Readiness_from_real_snapshots_follows_the_worst_finding()
    {
        var clean = TestSnapshots.Baseline;
        var blockerFails = clean.WithDatabase(d => d with { Version = SqlBuilds.Sql2016 });
        var blockerLacksData = clean.WithDatabase(d => d with { Version = null });
        var both = blockerLacksData.AddHosts(TestSnapshots.HyperVHost("HV-OLD", Builds.WS2016));
        var actionFails = clean.WithVmm(v => v with { PendingReboot = true });
        var warningLacksData = clean.WithVCenters(new VCenterServer("vc01", null));

        Assert.Equal(Readiness.Ready, Assess.Evaluate(clean).Readiness);
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(blockerFails).Readiness);
        Assert.Equal(Readiness.Unknown, Assess.Evaluate(blockerLacksData).Readiness);
        Assert.Equal(Readiness.NotReady, Assess.Evaluate(both).Readiness);
        Assert.Equal(Readiness.ReadyWithConditions, Assess.Evaluate(actionFails).Readiness);
        Assert.Equal(Readiness.Ready, Assess.Evaluate(warningLacksData).Readiness);
    }

    [Fact]
    public void A_snapshot_with_only_identity_fields_is_unknown_with_no_coverage()
    {
        var bare = new Snapshot
        {
            SnapshotId = Guid.NewGuid(),
            TenantId = "t",
            EnvironmentId = "e",
            CollectedAt = TestSnapshots.CollectedAt,
            TargetVersion = TargetVersion.Vmm2022,
        };

        var result = Assess.Evaluate(bare);

        Assert.Equal(Readiness.Unknown, result.Readiness);
        Assert.Equal(0, result.Coverage);
        Assert.Equal(0, result.Counts.Pass + result.Counts.Fail);
        Assert.Null(result.UpgradePath.Direct);
    }

    // ---- Coverage and counts ---------------------------------------------------------------------------------

    [Fact]
    public void Coverage_is_the_share_of_applicable_rules_that_had_their_data()
    {
        var result = EvaluateStubs(
            new StubRule("R1", Severity.Blocker, FindingStatus.Pass),
            new StubRule("R2", Severity.Warning, FindingStatus.Pass),
            new StubRule("R3", Severity.Action, FindingStatus.Fail),
            new StubRule("R4", Severity.Blocker, FindingStatus.Unknown),
            new StubRule("R5", Severity.Warning, FindingStatus.NotApplicable),
            new StubRule("R6", Severity.Warning, FindingStatus.Pass, TargetVersion.Vmm2016));

        Assert.Equal(0.75, result.Coverage);
    }

    [Fact]
    public void Coverage_is_rounded_to_four_decimals()
    {
        var result = EvaluateStubs(
            new StubRule("R1", Severity.Blocker, FindingStatus.Pass),
            new StubRule("R2", Severity.Blocker, FindingStatus.Pass),
            new StubRule("R3", Severity.Blocker, FindingStatus.Unknown));

        Assert.Equal(0.6667, result.Coverage);
    }

    [Fact]
    public void Coverage_drops_by_each_rule_that_lost_its_data()
    {
        var full = Assess.Evaluate(TestSnapshots.Baseline);
        var withoutDatabase = Assess.Evaluate(TestSnapshots.Baseline with { Database = null });
        var applicable = full.Findings.Count(f => f.Status != FindingStatus.NotApplicable);
        var lost = withoutDatabase.Findings.Count(f => f.Status == FindingStatus.Unknown);

        Assert.Equal(1.0, full.Coverage);
        // SQL-001 to SQL-005 need the database; PATH-003 passes only when it saw the database version too (D9).
        Assert.Equal(["VMM-PATH-003", "VMM-SQL-001", "VMM-SQL-002", "VMM-SQL-003", "VMM-SQL-004", "VMM-SQL-005"],
            withoutDatabase.Findings.Where(f => f.Status == FindingStatus.Unknown).Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(Math.Round((double)(applicable - lost) / applicable, 4), withoutDatabase.Coverage);
    }

    [Fact]
    public void Counts_tally_statuses_and_failing_rules_by_severity()
    {
        var result = EvaluateStubs(
            new StubRule("B1", Severity.Blocker, FindingStatus.Fail),
            new StubRule("B2", Severity.Blocker, FindingStatus.Fail),
            new StubRule("B3", Severity.Blocker, FindingStatus.Unknown),
            new StubRule("W1", Severity.Warning, FindingStatus.Fail),
            new StubRule("W2", Severity.Warning, FindingStatus.Pass),
            new StubRule("A1", Severity.Action, FindingStatus.Fail),
            new StubRule("I1", Severity.Info, FindingStatus.Fail),
            new StubRule("A2", Severity.Action, FindingStatus.NotApplicable),
            new StubRule("A3", Severity.Action, FindingStatus.Pass, TargetVersion.Vmm2019));

        Assert.Equal(new FindingCounts { Fail = 5, Unknown = 1, Pass = 1, NotApplicable = 2, Blockers = 2, Warnings = 1, Actions = 1 }, result.Counts);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Counts_agree_with_the_findings_of_every_sample(string sample)
    {
        var result = Assess.Evaluate(SnapshotParser.Parse(RepoFiles.Sample(sample)).Snapshot!);

        Assert.Equal(RuleCatalog.Default.Rules.Count, result.Counts.Fail + result.Counts.Unknown + result.Counts.Pass + result.Counts.NotApplicable);
        Assert.Equal(result.Findings.Count(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Blocker), result.Counts.Blockers);
        Assert.Equal(result.Findings.Count(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Warning), result.Counts.Warnings);
        Assert.Equal(result.Findings.Count(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Action), result.Counts.Actions);
    }

    // ---- Order -----------------------------------------------------------------------------------------------

    [Fact]
    public void Findings_read_fail_then_unknown_then_pass_then_not_applicable_by_severity_then_id()
    {
        var result = EvaluateStubs(
            new StubRule("P-W", Severity.Warning, FindingStatus.Pass),
            new StubRule("N-B", Severity.Blocker, FindingStatus.NotApplicable),
            new StubRule("F-A", Severity.Action, FindingStatus.Fail),
            new StubRule("U-B", Severity.Blocker, FindingStatus.Unknown),
            new StubRule("F-B2", Severity.Blocker, FindingStatus.Fail),
            new StubRule("F-B1", Severity.Blocker, FindingStatus.Fail),
            new StubRule("F-W", Severity.Warning, FindingStatus.Fail),
            new StubRule("F-I", Severity.Info, FindingStatus.Fail),
            new StubRule("P-B", Severity.Blocker, FindingStatus.Pass));

        Assert.Equal(["F-B1", "F-B2", "F-W", "F-A", "F-I", "U-B", "P-B", "P-W", "N-B"], result.Findings.Select(f => f.RuleId));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_findings_are_in_reading_order(string sample)
    {
        var findings = Assess.Evaluate(SnapshotParser.Parse(RepoFiles.Sample(sample)).Snapshot!).Findings;

        var keys = findings.Select(f => (f.Status, f.Severity, f.RuleId)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Status).ThenBy(k => k.Severity).ThenBy(k => k.RuleId, StringComparer.Ordinal), keys);
    }

    // ---- Result envelope -------------------------------------------------------------------------------------

    [Fact]
    public void Result_carries_the_snapshot_identity_source_and_rule_pack_version()
    {
        var result = Assess.Evaluate(TestSnapshots.Baseline);

        Assert.Equal(TestSnapshots.Baseline.SnapshotId, result.SnapshotId);
        Assert.Equal("contoso", result.TenantId);
        Assert.Equal("contoso-dc1-vmm", result.EnvironmentId);
        Assert.Equal(new SourceVersion(VmmProduct.Vmm2022, 2), result.Source);
        Assert.Equal(TestSnapshots.CollectedAt, result.CollectedAt);
        Assert.Equal(Assess.AssessedAt, result.AssessedAt);
        Assert.Equal(RuleCatalog.CurrentRulePackVersion, result.RulePackVersion);
        Assert.Matches(@"^\d{4}\.\d+\.\d+$", result.RulePackVersion);
        Assert.Equal("test-pack", EvaluateStubs(new StubRule("R1", Severity.Info, FindingStatus.Pass)).RulePackVersion);
    }

    [Fact]
    public void Findings_carry_rule_metadata_remediation_and_references()
    {
        var finding = Assess.Rule("VMM-SQL-001", TestSnapshots.Baseline.WithDatabase(d => d with { Version = SqlBuilds.Sql2014 }));
        var rule = RuleCatalog.Default.Find("VMM-SQL-001")!;

        Assert.Equal((rule.Title, rule.Category, rule.Severity, rule.Remediation), (finding.Title, finding.Category, finding.Severity, finding.Remediation));
        // A finding cites only the pages about the version it judged (D16); the catalog keeps them all.
        Assert.Equal(["https://learn.microsoft.com/system-center/vmm/system-requirements?view=sc-vmm-2025"], finding.References.Select(r => r.Url));
        Assert.Contains(rule.References, r => r.Url == "https://learn.microsoft.com/system-center/vmm/system-requirements?view=sc-vmm-2016");
    }

    [Fact]
    public void Result_json_uses_the_public_contract_names()
    {
        var snapshot = TestSnapshots.Baseline.WithVmm(v => v with { RunningJobs = 3 });
        var json = JsonNode.Parse(JsonSerializer.Serialize(Assess.Evaluate(snapshot), CoreJsonContext.Default.AssessmentResult))!.AsObject();

        Assert.Equal(
            ["snapshotId", "tenantId", "environmentId", "source", "targetVersion", "rulePackVersion", "collectedAt", "assessedAt", "readiness", "coverage", "counts", "upgradePath", "checklist", "findings",
                "coverageBasis", "collectionErrors", "upgradePlan"],
            json.Select(p => p.Key));
        Assert.Equal("2022", (string?)json["source"]!["product"]);
        Assert.Equal("2025", (string?)json["targetVersion"]);
        Assert.Equal("ReadyWithConditions", (string?)json["readiness"]);
        var finding = json["findings"]!.AsArray()[0]!.AsObject();
        Assert.Equal(["ruleId", "title", "category", "severity", "status", "message", "evidence", "remediation", "references"], finding.Select(p => p.Key));
        Assert.Equal(("VMM-OPS-001", "Fail", "Action", "Operations"), ((string?)finding["ruleId"], (string?)finding["status"], (string?)finding["severity"], (string?)finding["category"]));
        Assert.Equal(["object", "property", "actual", "expected"], finding["evidence"]!.AsArray()[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["title", "url"], finding["references"]!.AsArray()[0]!.AsObject().Select(p => p.Key));
    }

    // ---- Target override -------------------------------------------------------------------------------------

    [Fact]
    public void Target_override_assesses_against_the_given_version_instead_of_the_snapshots()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022); // VMM 2019 UR6, heading for 2022

        var result = Assess.Evaluate(snapshot, TargetVersion.Vmm2025);

        Assert.Equal(TargetVersion.Vmm2025, result.TargetVersion);
        Assert.Equal("VMM 2019 → VMM 2022 → VMM 2025", result.UpgradePath.Summary);
        Assert.Equal(FindingStatus.Fail, result.Findings.Single(f => f.RuleId == "VMM-SRV-001").Status); // WS2022 servers do not run VMM 2025
        Assert.NotEqual(FindingStatus.NotApplicable, result.Findings.Single(f => f.RuleId == "VMM-FEAT-002").Status); // 2025-only rule now applies
        Assert.Contains(result.Checklist, c => c.Id == "CHK-MAINTENANCE");
        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Without_an_override_the_snapshots_target_is_used()
    {
        var result = Assess.Evaluate(TestSnapshots.ReadyFor(TargetVersion.Vmm2019));

        Assert.Equal(TargetVersion.Vmm2019, result.TargetVersion);
        Assert.Equal(Readiness.Ready, result.Readiness);
    }

    [Fact]
    public void Rules_for_other_targets_are_not_applicable_and_say_so()
    {
        var finding = Assess.Rule("VMM-FEAT-002", TestSnapshots.Baseline, TargetVersion.Vmm2022);

        Assert.Equal(FindingStatus.NotApplicable, finding.Status);
        Assert.Equal("This rule does not apply to upgrades to VMM 2022.", finding.Message);
        Assert.Empty(finding.Evidence);
    }

    // ---- Robustness ------------------------------------------------------------------------------------------

    [Fact]
    public void A_rule_that_throws_becomes_an_unknown_finding_and_the_others_still_run()
    {
        var throwing = new StubRule("R-BROKEN", Severity.Blocker, FindingStatus.Pass) { Behaviour = _ => throw new InvalidOperationException("boom") };

        var result = EvaluateStubs(throwing, new StubRule("R-OK", Severity.Warning, FindingStatus.Fail));

        var broken = result.Findings.Single(f => f.RuleId == "R-BROKEN");
        Assert.Equal(FindingStatus.Unknown, broken.Status);
        Assert.Equal(AssessmentEvaluator.InternalErrorPrefix + "InvalidOperationException: boom", broken.Message);
        Assert.Equal(FindingStatus.Fail, result.Findings.Single(f => f.RuleId == "R-OK").Status);
        Assert.Equal(Readiness.Unknown, result.Readiness);
    }

    [Fact]
    public void Rules_see_the_target_the_plan_and_the_support_data_for_it()
    {
        RuleContext? seen = null;
        var probe = new StubRule("R-PROBE", Severity.Info, FindingStatus.Pass) { Behaviour = c => { seen = c; return RuleOutcome.Pass("ok"); } };

        StubRule.Evaluator(probe).Evaluate(TestSnapshots.Baseline, Assess.AssessedAt, TargetVersion.Vmm2019);

        Assert.NotNull(seen);
        Assert.Equal(TargetVersion.Vmm2019, seen.Target);
        Assert.Equal(UpgradePlanKind.NoPath, seen.Plan.Kind);
        Assert.Same(SupportData.SupportMatrix.Default.For(TargetVersion.Vmm2019), seen.Support);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2028)]
    public void A_target_without_support_data_is_unknown_not_an_exception(int target)
    {
        var defaultTarget = new Snapshot { TenantId = "t", EnvironmentId = "e", TargetVersion = (TargetVersion)target };

        foreach (var result in new[] { Assess.Evaluate(defaultTarget), Assess.Evaluate(TestSnapshots.Baseline, (TargetVersion)target) })
        {
            Assert.Equal(Readiness.Unknown, result.Readiness);
            Assert.All(result.Findings, f => Assert.Equal(FindingStatus.Unknown, f.Status));
            Assert.All(result.Findings, f => Assert.Equal($"The support data does not cover target version {target}.", f.Message));
            Assert.Equal(0, result.Coverage);
        }
    }

    [Fact]
    public void A_null_snapshot_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => AssessmentEvaluator.Default.Evaluate(null!, Assess.AssessedAt));
    }

    public static TheoryData<string> SampleNames => new(RepoFiles.SamplePaths.Select(Path.GetFileNameWithoutExtension)!);
}
