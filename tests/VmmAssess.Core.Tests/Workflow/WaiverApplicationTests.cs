using VmmAssess.Core.Workflow;
using static VmmAssess.Core.Tests.Workflow.WorkflowFixtures;

namespace VmmAssess.Core.Tests.Workflow;

/// <summary>Accepted risks: what a live waiver matches, what it does to readiness and counts, and what expiry undoes.</summary>
public class WaiverApplicationTests
{
    private static readonly DateTimeOffset AsOf = Day1.AddDays(10);

    private static AssessmentResult TwoOldHosts() =>
        Evaluate(Collected(2, OldHost("HV-OLD1.contoso.com"), OldHost("HV-OLD2.contoso.com")));

    [Fact]
    public void A_live_waiver_takes_a_blocker_out_of_readiness_and_the_result_counts_it_as_a_waived_blocker()
    {
        var result = TwoOldHosts();
        Assert.Equal(Readiness.NotReady, result.Readiness);

        var waived = WaiverApplication.Apply(result, [Waiver()], AsOf);

        Assert.Equal(Readiness.Ready, waived.Readiness);
        var finding = waived.Findings.Single(f => f.RuleId == Host);
        Assert.Equal(FindingStatus.Fail, finding.Status);
        Assert.Equal(new FindingWaiver("W-1", "Customer retires these hosts after the upgrade (agreed in CAB)", Day1.AddDays(90)), finding.Waiver);
        Assert.Equal((0, 1, 1), (waived.Counts.Blockers, waived.Counts.Waived, waived.Counts.WaivedBlockers));
        Assert.Equal(result.Counts.Fail - 1, waived.Counts.Fail);
        Assert.Equal(result.Findings.Count, waived.Counts.Fail + waived.Counts.Unknown + waived.Counts.Pass + waived.Counts.NotApplicable + waived.Counts.Waived);
        Assert.Equal(result.Coverage, waived.Coverage);
        Assert.Contains("\"waiver\":{\"id\":\"W-1\"", Bytes(waived), StringComparison.Ordinal);
        Assert.Contains("\"waivedBlockers\":1", Bytes(waived), StringComparison.Ordinal);
    }

    [Fact]
    public void The_upgrade_plan_marks_the_waived_prerequisite_instead_of_hiding_it()
    {
        var waived = WaiverApplication.Apply(TwoOldHosts(), [Waiver()], AsOf);

        var prerequisite = waived.UpgradePlan.Hops[0].Prerequisites.Single(p => p.RuleId == Host);
        Assert.Equal("W-1", prerequisite.Waiver?.Id);
        Assert.All(waived.UpgradePlan.Hops.SelectMany(h => h.Prerequisites).Where(p => p.RuleId != Host), p => Assert.Null(p.Waiver));
    }

    [Theory]
    [InlineData(new[] { "hv-old*" }, true)]
    [InlineData(new[] { "HV-OLD?.CONTOSO.COM" }, true)]
    [InlineData(new[] { "HV-OLD1.contoso.com", "hv-old2.contoso.com" }, true)]
    [InlineData(new[] { "*" }, true)]
    [InlineData(new[] { "HV-OLD1.contoso.com" }, false)]
    [InlineData(new[] { "HV-OLD?" }, false)]
    [InlineData(new[] { "SQL*" }, false)]
    public void A_waiver_naming_objects_waives_only_a_finding_whose_every_failing_object_it_covers(string[] objects, bool waived)
    {
        var result = WaiverApplication.Apply(TwoOldHosts(), [Waiver(objects: objects)], AsOf);

        Assert.Equal(waived, result.Findings.Single(f => f.RuleId == Host).Waiver is not null);
        Assert.Equal(waived ? Readiness.Ready : Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void A_capped_finding_is_covered_only_by_a_waiver_of_every_object()
    {
        var evaluator = new AssessmentEvaluator(RuleCatalog.Default, SupportData.SupportMatrix.Default, Checklist.Default) { MaxEvidencePerFinding = 1 };
        var result = evaluator.Evaluate(Collected(2, OldHost("HV-OLD1.contoso.com"), OldHost("HV-OLD2.contoso.com")), Assess.AssessedAt);

        Assert.Equal(Readiness.NotReady, WaiverApplication.Apply(result, [Waiver(objects: ["HV-OLD1.contoso.com"])], AsOf).Readiness);
        Assert.Equal(Readiness.Ready, WaiverApplication.Apply(result, [Waiver(objects: ["*"])], AsOf).Readiness);
    }

    [Fact]
    public void Scope_the_environment_when_given_and_never_another_tenant()
    {
        var result = TwoOldHosts();

        Assert.Equal(Readiness.Ready, WaiverApplication.Apply(result, [Waiver(environment: "contoso-dc1-vmm")], AsOf).Readiness);
        Assert.Equal(Readiness.NotReady, WaiverApplication.Apply(result, [Waiver(environment: "contoso-dc2-vmm")], AsOf).Readiness);
        Assert.Equal(Readiness.NotReady, WaiverApplication.Apply(result, [Waiver(tenant: "fabrikam")], AsOf).Readiness);
        Assert.Equal(Readiness.NotReady, WaiverApplication.Apply(result, [Waiver(tenant: "Contoso")], AsOf).Readiness);
        Assert.Equal(Readiness.NotReady, WaiverApplication.Apply(result, [Waiver(rule: "VMM-SQL-001")], AsOf).Readiness);
    }

    [Fact]
    public void Expiry_flips_readiness_back_when_the_same_result_is_re_applied_later()
    {
        var expires = Day1.AddDays(30);
        var waivers = new[] { Waiver(expires: expires) };
        var beforeExpiry = WaiverApplication.Apply(TwoOldHosts(), waivers, expires.AddTicks(-1));
        Assert.Equal(Readiness.Ready, beforeExpiry.Readiness);

        var atExpiry = WaiverApplication.Apply(beforeExpiry, waivers, expires);

        Assert.Equal(Readiness.NotReady, atExpiry.Readiness);
        Assert.All(atExpiry.Findings, f => Assert.Null(f.Waiver));
        Assert.All(atExpiry.UpgradePlan.Hops.SelectMany(h => h.Prerequisites), p => Assert.Null(p.Waiver));
        Assert.Equal((1, 0, 0), (atExpiry.Counts.Blockers, atExpiry.Counts.Waived, atExpiry.Counts.WaivedBlockers));
        // With nothing waived the bytes are those of the plain assessment: no "waived": 0, no "waiver": null.
        Assert.Equal(Bytes(TwoOldHosts()), Bytes(atExpiry));
    }

    [Fact]
    public void A_waiver_does_not_apply_before_it_was_created()
    {
        var result = WaiverApplication.Apply(TwoOldHosts(), [Waiver(created: AsOf.AddDays(1), expires: AsOf.AddDays(60))], AsOf);

        Assert.Equal(Readiness.NotReady, result.Readiness);
    }

    [Fact]
    public void Re_applying_gives_the_same_bytes_as_applying_once()
    {
        var waivers = new[] { Waiver(), Waiver(id: "W-2", objects: ["hv-*"], expires: Day1.AddDays(200)) };
        var once = WaiverApplication.Apply(TwoOldHosts(), waivers, AsOf);
        var twice = WaiverApplication.Apply(WaiverApplication.Apply(TwoOldHosts(), [Waiver(id: "W-other")], AsOf), waivers, AsOf);

        Assert.Equal(Bytes(once), Bytes(twice));
        Assert.Equal(Bytes(once), Bytes(WaiverApplication.Apply(TwoOldHosts(), waivers.Reverse().ToArray(), AsOf)));
    }

    [Fact]
    public void Of_several_matching_waivers_the_one_expiring_last_is_reported()
    {
        var result = WaiverApplication.Apply(TwoOldHosts(), [Waiver(id: "W-short", expires: Day1.AddDays(20)), Waiver(id: "W-long", expires: Day1.AddDays(200))], AsOf);

        Assert.Equal("W-long", result.Findings.Single(f => f.RuleId == Host).Waiver?.Id);
    }

    [Fact]
    public void An_unknown_finding_is_not_waived_it_lacks_data_rather_than_being_an_accepted_risk()
    {
        var result = Pack("p", Stub("VMM-T-001", Severity.Blocker, FindingStatus.Unknown, "SQL01")).Evaluate(Collected(1), Assess.AssessedAt);

        var waived = WaiverApplication.Apply(result, [Waiver(rule: "VMM-T-001")], AsOf);

        Assert.Equal(Readiness.Unknown, waived.Readiness);
        Assert.Null(waived.Findings.Single().Waiver);
    }

    [Fact]
    public void Waiving_a_warning_leaves_ready_with_conditions_only_while_another_condition_remains()
    {
        var result = Pack("p",
                Stub("VMM-T-001", Severity.Warning, FindingStatus.Fail, "A"),
                Stub("VMM-T-002", Severity.Action, FindingStatus.Fail, "B"))
            .Evaluate(Collected(1), Assess.AssessedAt);

        var one = WaiverApplication.Apply(result, [Waiver(rule: "VMM-T-001")], AsOf);
        var both = WaiverApplication.Apply(result, [Waiver(rule: "VMM-T-001"), Waiver(id: "W-2", rule: "vmm-t-002")], AsOf);

        Assert.Equal(Readiness.ReadyWithConditions, one.Readiness);
        Assert.Equal((0, 1, 1, 0), (one.Counts.Warnings, one.Counts.Actions, one.Counts.Waived, one.Counts.WaivedBlockers));
        Assert.Equal(Readiness.Ready, both.Readiness);
    }

    [Fact]
    public void The_delta_carried_by_a_result_follows_a_re_application()
    {
        var previous = Evaluate(Collected(1));
        var current = TwoOldHosts() is var r ? r with { Changes = AssessmentComparison.Compare(previous, r) } : null!;
        Assert.Equal(Readiness.NotReady, current.Changes!.ReadinessAfter);

        var waived = WaiverApplication.Apply(current, [Waiver()], AsOf);

        Assert.Equal(Readiness.Ready, waived.Changes!.ReadinessAfter);
        Assert.Equal("W-1", waived.Changes.For(Host).WaiverAfter);
        Assert.Equal(FindingChangeKind.New, waived.Changes.For(Host).Change);
        var expired = WaiverApplication.Apply(waived, [Waiver()], Day1.AddDays(90));
        Assert.Equal(Readiness.NotReady, expired.Changes!.ReadinessAfter);
        Assert.Null(expired.Changes.For(Host).WaiverAfter);
    }

    [Fact]
    public void Next_change_is_the_next_start_or_expiry_of_a_waiver_that_could_apply()
    {
        var result = TwoOldHosts();
        var waivers = new[]
        {
            Waiver(expires: Day1.AddDays(30)),
            Waiver(id: "W-later", created: Day1.AddDays(20), expires: Day1.AddDays(40)),
            Waiver(id: "W-other-tenant", tenant: "fabrikam", expires: Day1.AddDays(12)),
            Waiver(id: "W-passing-rule", rule: "VMM-SQL-001", expires: Day1.AddDays(11)),
        };

        Assert.Equal(Day1.AddDays(20), WaiverApplication.NextChange(result, waivers, AsOf));
        Assert.Equal(Day1.AddDays(30), WaiverApplication.NextChange(result, waivers, Day1.AddDays(20)));
        Assert.Null(WaiverApplication.NextChange(result, waivers, Day1.AddDays(40)));
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("hv*", "HV01.contoso.com", true)]
    [InlineData("*.contoso.com", "HV01.CONTOSO.COM", true)]
    [InlineData("hv??.contoso.com", "HV01.contoso.com", true)]
    [InlineData("hv?.contoso.com", "HV01.contoso.com", false)]
    [InlineData("hv01", "HV01.contoso.com", false)]
    [InlineData("*a*b*c", "xaxbxxc", true)]
    [InlineData("*a*b*c", "xaxbxxcd", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void Wildcard_patterns(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, WildcardPattern.IsMatch(pattern, name));
    }
}
