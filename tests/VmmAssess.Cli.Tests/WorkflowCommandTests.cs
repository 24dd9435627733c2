using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmmAssess.Cli.Tests;

/// <summary>
/// `diff`, `assess --baseline` and `assess --waivers` on the samples: the contoso environment collected on 2026-11-24
/// (samples/snapshots) and again on 2026-11-26 (samples/history: SQL Server upgraded, jobs finished, a fresh backup, one
/// more Windows Server 2012 host), with the accepted risks of samples/waivers.json.
/// </summary>
public sealed class WorkflowCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-workflow-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static string Earlier => CliRunner.Sample("contoso-2012r2-to-2016.json");

    private static string Later => Path.Combine(CliRunner.RepoRoot, "samples", "history", "contoso-2012r2-to-2016-2026-11-26.json");

    private static string Waivers => Path.Combine(CliRunner.RepoRoot, "samples", "waivers.json");

    private static JsonElement Change(JsonElement delta, string ruleId) =>
        delta.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("ruleId").GetString() == ruleId);

    private static JsonElement Finding(JsonElement result, string ruleId) =>
        result.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == ruleId);

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Diff_of_two_collections_lists_what_was_fixed_and_what_appeared_as_json()
    {
        var run = CliRunner.Run("diff", Earlier, Later, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var delta = json.RootElement;
        Assert.Equal("NotReady", delta.GetProperty("readinessBefore").GetString());
        Assert.Equal("NotReady", delta.GetProperty("readinessAfter").GetString());
        Assert.False(delta.GetProperty("rulePackChanged").GetBoolean());
        var sql = Change(delta, "VMM-SQL-001");
        Assert.Equal(("Resolved", "Fail", "Pass"), (sql.GetProperty("change").GetString(), sql.GetProperty("statusBefore").GetString(), sql.GetProperty("statusAfter").GetString()));
        Assert.Equal(["CON-SQL01.contoso.com\\MSSQLSERVER"], Strings(sql.GetProperty("objectsRemoved")));
        var hosts = Change(delta, "VMM-HOST-001");
        Assert.Equal("Changed", hosts.GetProperty("change").GetString());
        Assert.Equal(["CON-HV05.contoso.com"], Strings(hosts.GetProperty("objectsAdded")));
        Assert.Empty(Strings(hosts.GetProperty("objectsRemoved")));
        Assert.Equal("Unchanged", Change(delta, "VMM-LIB-001").GetProperty("change").GetString());
        var summary = delta.GetProperty("summary");
        Assert.Equal((0, 3, 1, 1), (summary.GetProperty("new").GetInt32(), summary.GetProperty("resolved").GetInt32(), summary.GetProperty("changed").GetInt32(), summary.GetProperty("resolvedBlockers").GetInt32()));
    }

    [Fact]
    public void Diff_as_a_table_and_as_markdown_shows_only_the_rules_that_moved()
    {
        var table = CliRunner.Run("diff", Earlier, Later);
        var markdown = CliRunner.Run("diff", Earlier, Later, "--format", "markdown");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Not ready → Not ready: 0 new, 3 resolved, 1 changed", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("+CON-HV05.contoso.com", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("VMM-LIB-001", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("| Resolved | Blocker | VMM-SQL-001: ", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("| Changed | Blocker | VMM-HOST-001: ", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("Compared with the snapshot collected 2026-11-24 (now 2026-11-26). Rule pack 2026.11.2 both times.", markdown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_refuses_the_newer_collection_first()
    {
        var run = CliRunner.Run("diff", Later, Earlier);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("was collected 2026-11-26T08:30:00Z, after", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("give the older one first", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Diff_of_an_invalid_snapshot_exits_2_names_each_problem_and_keeps_stdout_json()
    {
        var broken = Path.Combine(temp, "broken.json");
        File.WriteAllText(broken, """{ "schemaVersion": "1.0", "tenantId": "contoso" }""");

        var run = CliRunner.Run("diff", broken, Later, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{broken}: invalid snapshot", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.snapshotId", run.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("invalid-snapshot", json.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public void Diff_against_a_saved_result_of_an_older_rule_pack_does_not_blame_the_customer_for_a_new_rule()
    {
        // A result saved by an earlier rule pack that had no VMM-HOST-001.
        var saved = JsonNode.Parse(CliRunner.Run("assess", Earlier, "--format", "json").Stdout)!.AsObject();
        saved["rulePackVersion"] = "2026.10.1";
        var findings = saved["findings"]!.AsArray();
        findings.Remove(findings.Single(f => f!["ruleId"]!.GetValue<string>() == "VMM-HOST-001"));
        var path = Path.Combine(temp, "contoso-2026-11-24.result.json");
        File.WriteAllText(path, saved.ToJsonString());

        var run = CliRunner.Run("diff", path, Later, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("rulePackChanged").GetBoolean());
        Assert.Equal("2026.10.1", json.RootElement.GetProperty("rulePackBefore").GetString());
        var hosts = Change(json.RootElement, "VMM-HOST-001");
        Assert.Equal("New", hosts.GetProperty("change").GetString());
        Assert.True(hosts.GetProperty("ruleAdded").GetBoolean());
        Assert.Contains("not a change in the environment", hosts.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("newFromAddedRules").GetInt32());
    }

    [Fact]
    public void Assess_with_a_baseline_gains_the_changes()
    {
        var run = CliRunner.Run("assess", Later, "--baseline", Earlier, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var changes = json.RootElement.GetProperty("changes");
        Assert.Equal("0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60", changes.GetProperty("snapshotBefore").GetString());
        Assert.Equal("Resolved", Change(changes, "VMM-SQL-001").GetProperty("change").GetString());
    }

    [Fact]
    public void A_baseline_of_another_environment_or_a_later_one_gives_a_warning_and_no_changes()
    {
        var run = CliRunner.Run("assess", Earlier, "--baseline", Later, "--baseline", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: no baseline of contoso/contoso-hq-vmm collected before 2026-11-24T14:30:00Z", run.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.False(json.RootElement.TryGetProperty("changes", out _));
    }

    [Fact]
    public void Waivers_take_the_accepted_blockers_out_of_readiness_and_the_result_counts_them()
    {
        var run = CliRunner.Run("assess", Later, "--waivers", Waivers, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var result = json.RootElement;
        Assert.Equal("ReadyWithConditions", result.GetProperty("readiness").GetString());
        var counts = result.GetProperty("counts");
        Assert.Equal((0, 2, 2), (counts.GetProperty("blockers").GetInt32(), counts.GetProperty("waived").GetInt32(), counts.GetProperty("waivedBlockers").GetInt32()));
        var waiver = Finding(result, "VMM-HOST-001").GetProperty("waiver");
        Assert.Equal("W-2026-031", waiver.GetProperty("id").GetString());
        Assert.Equal("2027-03-31T00:00:00+00:00", waiver.GetProperty("expiresAt").GetString());
        Assert.Equal("Fail", Finding(result, "VMM-HOST-001").GetProperty("status").GetString());
        // Expired on 2026-11-26 00:00, before the run (2026-11-26 10:00): said, and not applied.
        Assert.False(Finding(result, "VMM-PRO-001").TryGetProperty("waiver", out _));
        Assert.Contains("note: waiver W-2026-017 (VMM-PRO-001) expired 2026-11-26T00:00:00Z; not applied (as of 2026-11-26T10:00:00Z).", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-02-27", "ReadyWithConditions", 2)]
    [InlineData("2027-02-28", "NotReady", 1)]
    [InlineData("2027-03-31T00:00:00Z", "NotReady", 0)]
    [InlineData("2026-11-25T10:00:00Z", "NotReady", 2)]
    public void Expiry_is_judged_at_the_as_of_time(string asOf, string readiness, int waived)
    {
        var run = CliRunner.Run("assess", Later, "--waivers", Waivers, "--as-of", asOf, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(readiness, json.RootElement.GetProperty("readiness").GetString());
        Assert.Equal(waived, json.RootElement.GetProperty("counts").TryGetProperty("waived", out var w) ? w.GetInt32() : 0);
    }

    [Fact]
    public void A_fail_on_threshold_reads_readiness_after_waivers()
    {
        Assert.Equal(3, CliRunner.Run("assess", Later, "--fail-on", "notready", "--format", "json").ExitCode);
        Assert.Equal(0, CliRunner.Run("assess", Later, "--waivers", Waivers, "--fail-on", "notready", "--format", "json").ExitCode);
    }

    [Fact]
    public void The_same_inputs_and_as_of_time_give_the_same_bytes()
    {
        string[] args = ["assess", Later, "--waivers", Waivers, "--as-of", "2027-01-15", "--baseline", Earlier, "--format", "json"];

        Assert.Equal(CliRunner.Run(args).Stdout, CliRunner.Run(args).Stdout);
    }

    [Fact]
    public void An_invalid_waiver_file_is_refused_with_each_problem_and_its_path()
    {
        var path = Path.Combine(temp, "waivers.json");
        File.WriteAllText(path, """
            { "waivers": [ { "id": "W-1", "tenantId": "contoso", "ruleId": "VMM-HOST-001", "reason": "r", "createdBy": "me",
                             "createdAt": "2026-11-01T00:00:00Z", "expiresAt": "2028-01-01T00:00:00Z" },
                           { "id": "W-2", "tenantId": "contoso", "ruleId": "VMM-NOPE-001", "reason": "r", "createdBy": "me",
                             "createdAt": "2026-11-01T00:00:00Z" } ] }
            """);

        var run = CliRunner.Run("assess", Later, "--waivers", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("invalid waiver file (3 problem(s))", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.waivers[0].expiresAt: must be at most one year after createdAt, i.e. no later than 2026-11-01T00:00:00Z", run.Stderr.Replace("2027-11-01", "2026-11-01", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("$.waivers[1].ruleId: unknown rule id 'VMM-NOPE-001'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.waivers[1].expiresAt: is required", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void As_of_without_waivers_is_a_usage_error()
    {
        var run = CliRunner.Run("assess", Later, "--as-of", "2027-01-01");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--as-of judges waiver expiry: it needs --waivers.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_mark_waived_findings_with_reason_and_expiry_and_show_the_changes()
    {
        string[] common = [Later, "--waivers", Waivers, "--baseline", Earlier];
        var html = CliRunner.Run(["assess", .. common, "--format", "html"]).Stdout;
        var markdown = CliRunner.Run(["assess", .. common, "--format", "markdown"]).Stdout;
        var table = CliRunner.Run(["assess", .. common]).Stdout;
        var csv = CliRunner.Run(["assess", .. common, "--format", "csv"]).Stdout;

        const string Reason = "Waived until 2027-03-31 (W-2026-031): Standalone Windows Server 2012 hosts;";
        Assert.Contains("<h3 id=\"env-1-changes\">Changes since the baseline</h3>", html, StringComparison.Ordinal);
        Assert.Contains(Reason, html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"status-Waived\">Failed (waived)</td><td>Blocker</td><th scope=\"row\"><span class=\"id\">VMM-HOST-001</span>", html, StringComparison.Ordinal);
        Assert.Contains("0 blocker(s), 6 warning(s), 4 action(s); 2 waived (2 blocker(s))", html, StringComparison.Ordinal);
        Assert.Contains("## Changes since the baseline", markdown, StringComparison.Ordinal);
        Assert.Contains("**Fail (waived) · Blocker · VMM-HOST-001", markdown, StringComparison.Ordinal);
        Assert.Contains(Reason, markdown, StringComparison.Ordinal);
        Assert.Contains("Waived (accepted risks, not counted toward readiness): 2 finding(s), 2 blocker(s).", table, StringComparison.Ordinal);
        Assert.Contains("Changes: Not ready → Ready with conditions", table, StringComparison.Ordinal);
        var rows = csv.Split("\r\n");
        Assert.EndsWith(",waiverId,waiverReason,waiverExpiresAt", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains(",VMM-HOST-001,", StringComparison.Ordinal) && r.EndsWith(",2027-03-31T00:00:00Z", StringComparison.Ordinal) && r.Contains("W-2026-031", StringComparison.Ordinal));
    }

    [Fact]
    public void The_portfolio_shows_waived_blockers_next_to_the_blockers()
    {
        var run = CliRunner.Run("assess", Later, CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--waivers", Waivers, "--format", "markdown");

        Assert.Contains("| contoso | contoso-hq-vmm | VMM 2012 R2 UR11 → VMM 2016 | Ready with conditions | 0 (+2 waived) |", run.Stdout, StringComparison.Ordinal);
    }
}
