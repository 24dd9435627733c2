using System.Text.Json;
using VmmAssess.Core.Workflow;
using static VmmAssess.Core.Tests.Workflow.WorkflowFixtures;

namespace VmmAssess.Core.Tests.Workflow;

/// <summary>Deltas between assessments of one environment over a sequence of collections.</summary>
public class AssessmentComparisonTests
{
    [Fact]
    public void Without_a_previous_assessment_every_open_finding_is_new_and_nothing_is_blamed_on_a_rule_pack()
    {
        var current = Evaluate(Collected(1, OldHost("HV-OLD.contoso.com")));

        var delta = AssessmentComparison.Compare(null, current);

        Assert.Null(delta.ReadinessBefore);
        Assert.Null(delta.RulePackBefore);
        Assert.False(delta.RulePackChanged);
        Assert.Equal(Readiness.NotReady, delta.ReadinessAfter);
        var host = delta.For(Host);
        Assert.Equal(FindingChangeKind.New, host.Change);
        Assert.Null(host.StatusBefore);
        Assert.Equal(["HV-OLD.contoso.com"], host.ObjectsAdded);
        Assert.False(host.RuleAdded);
        Assert.Equal(current.Findings.Count(f => f.Status is FindingStatus.Fail or FindingStatus.Unknown), delta.Summary.New);
        Assert.Equal(current.Findings.Count, delta.Changes.Count);
    }

    [Fact]
    public void A_sequence_of_collections_reads_new_changed_and_resolved_with_the_objects_added_and_removed()
    {
        var day1 = Evaluate(Collected(1));
        var day2 = Evaluate(Collected(2, OldHost("HV-OLD.contoso.com")));
        var day3 = Evaluate(Collected(3, OldHost("HV-OLD.contoso.com"), OldHost("hv-new.contoso.com")));
        var day4 = Evaluate(Collected(4, OldHost("hv-new.contoso.com")));
        var day5 = Evaluate(Collected(5));

        var appeared = AssessmentComparison.Compare(day1, day2);
        Assert.Equal((Readiness.Ready, Readiness.NotReady), (appeared.ReadinessBefore!.Value, appeared.ReadinessAfter));
        Assert.Equal(FindingChangeKind.New, appeared.For(Host).Change);
        Assert.Equal((FindingStatus.Pass, FindingStatus.Fail), (appeared.For(Host).StatusBefore!.Value, appeared.For(Host).StatusAfter!.Value));
        Assert.Equal(1, appeared.Summary.NewBlockers);

        var grew = AssessmentComparison.Compare(day2, day3);
        Assert.Equal(FindingChangeKind.Changed, grew.For(Host).Change);
        Assert.Equal(["hv-new.contoso.com"], grew.For(Host).ObjectsAdded);
        Assert.Empty(grew.For(Host).ObjectsRemoved);

        var shrank = AssessmentComparison.Compare(day3, day4);
        Assert.Equal(FindingChangeKind.Changed, shrank.For(Host).Change);
        Assert.Equal(["HV-OLD.contoso.com"], shrank.For(Host).ObjectsRemoved);
        Assert.Empty(shrank.For(Host).ObjectsAdded);

        var fixedAll = AssessmentComparison.Compare(day4, day5);
        Assert.Equal(FindingChangeKind.Resolved, fixedAll.For(Host).Change);
        Assert.Equal(["hv-new.contoso.com"], fixedAll.For(Host).ObjectsRemoved);
        Assert.Equal((Readiness.NotReady, Readiness.Ready), (fixedAll.ReadinessBefore!.Value, fixedAll.ReadinessAfter));
        Assert.Equal(1, fixedAll.Summary.ResolvedBlockers);
        Assert.False(fixedAll.For(Host).RuleRemoved);

        var same = AssessmentComparison.Compare(day1, day5);
        Assert.All(same.Changes, c => Assert.Equal(FindingChangeKind.Unchanged, c.Change));
        Assert.Equal(day5.Findings.Count, same.Summary.Unchanged);
    }

    [Fact]
    public void Objects_are_matched_case_insensitively_and_a_changed_os_on_the_same_host_is_a_changed_finding()
    {
        var before = Evaluate(Collected(1, OldHost("HV-OLD.contoso.com")));
        var renamedCase = Evaluate(Collected(2, OldHost("hv-old.CONTOSO.com")));
        var otherOs = Evaluate(Collected(3, TestSnapshots.HyperVHost("hv-old.contoso.com", Builds.WS2012R2, InstallationType.Server)));

        Assert.Equal(FindingChangeKind.Unchanged, AssessmentComparison.Compare(before, renamedCase).For(Host).Change);
        var changed = AssessmentComparison.Compare(renamedCase, otherOs).For(Host);
        Assert.Equal(FindingChangeKind.Changed, changed.Change);
        Assert.Equal(["hv-old.contoso.com"], changed.ObjectsChanged);
        Assert.Empty(changed.ObjectsAdded);
        Assert.Empty(changed.ObjectsRemoved);
    }

    [Fact]
    public void A_new_rule_in_the_rule_pack_is_called_out_so_its_finding_is_not_blamed_on_the_customer()
    {
        var snapshot = Collected(1);
        var before = Pack("2026.10.1", Stub("VMM-T-001", Severity.Warning, FindingStatus.Pass), Stub("VMM-T-002", Severity.Blocker, FindingStatus.Fail, "SQL01"))
            .Evaluate(snapshot, Assess.AssessedAt);
        var after = Pack("2026.11.1",
                Stub("VMM-T-001", Severity.Warning, FindingStatus.Pass),
                Stub("VMM-T-003", Severity.Blocker, FindingStatus.Fail, "HV01"))
            .Evaluate(Collected(2), Assess.AssessedAt);

        var delta = AssessmentComparison.Compare(before, after);

        Assert.True(delta.RulePackChanged);
        Assert.Equal(("2026.10.1", "2026.11.1"), (delta.RulePackBefore, delta.RulePackAfter));
        var added = delta.For("VMM-T-003");
        Assert.Equal(FindingChangeKind.New, added.Change);
        Assert.True(added.RuleAdded);
        Assert.Null(added.StatusBefore);
        Assert.Contains("new in rule pack 2026.11.1", added.Note, StringComparison.Ordinal);
        var removed = delta.For("VMM-T-002");
        Assert.Equal(FindingChangeKind.Resolved, removed.Change);
        Assert.True(removed.RuleRemoved);
        Assert.Null(removed.StatusAfter);
        Assert.Contains("went away with the rule", removed.Note, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1, 1), (delta.Summary.New, delta.Summary.NewFromAddedRules, delta.Summary.Resolved, delta.Summary.ResolvedByRemovedRules));
        Assert.Equal(FindingChangeKind.Unchanged, delta.For("VMM-T-001").Change);
    }

    [Fact]
    public void Fail_to_unknown_is_a_changed_finding_and_pass_to_unknown_a_new_one()
    {
        var first = Pack("p", Stub("VMM-T-001", Severity.Blocker, FindingStatus.Fail, "A"), Stub("VMM-T-002", Severity.Blocker, FindingStatus.Pass)).Evaluate(Collected(1), Assess.AssessedAt);
        var second = Pack("p", Stub("VMM-T-001", Severity.Blocker, FindingStatus.Unknown, "A"), Stub("VMM-T-002", Severity.Blocker, FindingStatus.Unknown)).Evaluate(Collected(2), Assess.AssessedAt);

        var delta = AssessmentComparison.Compare(first, second);

        Assert.Equal(FindingChangeKind.Changed, delta.For("VMM-T-001").Change);
        Assert.Equal(FindingChangeKind.New, delta.For("VMM-T-002").Change);
        Assert.Equal((Readiness.NotReady, Readiness.Unknown), (delta.ReadinessBefore!.Value, delta.ReadinessAfter));
        Assert.Equal(["VMM-T-002", "VMM-T-001"], delta.Changes.Select(c => c.RuleId));
    }

    [Fact]
    public void A_late_arriving_older_snapshot_is_compared_with_what_preceded_it_and_leaves_the_latest_comparison_alone()
    {
        var day1 = Evaluate(Collected(1));
        var day2 = Evaluate(Collected(2, OldHost("HV-OLD.contoso.com")));
        var day4 = Evaluate(Collected(4, OldHost("HV-OLD.contoso.com"), OldHost("HV-X.contoso.com")));
        var day3Late = Evaluate(Collected(3));
        var arrived = new[] { day1, day2, day4 };

        Assert.Same(day2, AssessmentComparison.PreviousOf(arrived, day4));
        var late = AssessmentComparison.PreviousOf(arrived, day3Late);
        Assert.Same(day2, late);
        Assert.Equal(FindingChangeKind.Resolved, AssessmentComparison.Compare(late, day3Late).For(Host).Change);
        // The latest keeps the comparison it got on arrival; recomputing it now would pick the late one.
        var latestOnArrival = AssessmentComparison.Compare(AssessmentComparison.PreviousOf(arrived, day4), day4);
        Assert.Equal(FindingChangeKind.Changed, latestOnArrival.For(Host).Change);
        Assert.Same(day3Late, AssessmentComparison.PreviousOf([.. arrived, day3Late], day4));
        Assert.Null(AssessmentComparison.PreviousOf([.. arrived, day3Late], day1));
    }

    [Fact]
    public void Previous_of_ignores_other_environments_and_tenants_and_the_assessment_itself()
    {
        var current = Evaluate(Collected(5));
        var otherEnvironment = Evaluate(Collected(4) with { EnvironmentId = "contoso-dc2-vmm" });
        var otherTenant = Evaluate(Collected(3) with { TenantId = "fabrikam" });
        var rerun = current with { AssessedAt = current.AssessedAt.AddHours(1) };

        Assert.Null(AssessmentComparison.PreviousOf([otherEnvironment, otherTenant, rerun], current));
    }

    [Fact]
    public void The_delta_is_deterministic_and_has_the_issue_shape()
    {
        var before = Evaluate(Collected(1, OldHost("HV-B.contoso.com"), OldHost("HV-A.contoso.com")));
        var after = Evaluate(Collected(2, OldHost("HV-C.contoso.com")));

        var json = Bytes(AssessmentComparison.Compare(before, after));

        Assert.Equal(json, Bytes(AssessmentComparison.Compare(before with { }, after with { })));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["readinessBefore", "readinessAfter", "rulePackBefore", "rulePackAfter", "changes"], root.EnumerateObject().Take(5).Select(p => p.Name));
        var host = root.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("ruleId").GetString() == Host);
        Assert.Equal(["ruleId", "change", "statusBefore", "statusAfter", "objectsAdded", "objectsRemoved"], host.EnumerateObject().Take(6).Select(p => p.Name));
        Assert.Equal("Changed", host.GetProperty("change").GetString());
        Assert.Equal("Fail", host.GetProperty("statusBefore").GetString());
        Assert.Equal(["HV-A.contoso.com", "HV-B.contoso.com"], host.GetProperty("objectsRemoved").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_capped_finding_says_its_object_lists_cover_only_the_kept_evidence()
    {
        var hosts = Enumerable.Range(1, 4).Select(i => OldHost($"HV{i:D2}.contoso.com")).ToArray();
        var evaluator = new AssessmentEvaluator(RuleCatalog.Default, SupportData.SupportMatrix.Default, Checklist.Default) { MaxEvidencePerFinding = 2 };
        var before = evaluator.Evaluate(Collected(1, hosts[..3]), Assess.AssessedAt);
        var after = evaluator.Evaluate(Collected(2, hosts), Assess.AssessedAt);

        var change = AssessmentComparison.Compare(before, after).For(Host);

        Assert.True(change.EvidenceTruncated);
        Assert.Equal(FindingChangeKind.Changed, change.Change);
        Assert.Empty(change.ObjectsAdded);
        Assert.DoesNotContain(change.ObjectsRemoved, o => o.StartsWith("(and", StringComparison.Ordinal));
    }
}
