namespace VmmAssess.Cli.Tests;

/// <summary>The console report when redirected or sized: whole names, the fix for blockers, readable portfolio totals.</summary>
public sealed class TableReportTests
{
    private static int Widest(string text) => text.Split('\n').Max(l => l.TrimEnd('\r').Length);

    [Fact]
    public void Width_option_and_COLUMNS_set_the_width_and_redirected_output_defaults_to_160()
    {
        var sample = CliRunner.Sample("contoso-2012r2-to-2016.json");

        var narrow = CliRunner.Run("assess", sample, "--width", "100");
        var columns = CliRunner.Run(["assess", sample], new Dictionary<string, string?> { ["COLUMNS"] = "132" });
        var redirected = CliRunner.Run("assess", sample);

        Assert.Equal(100, Widest(narrow.Stdout));
        Assert.Equal(132, Widest(columns.Stdout));
        Assert.Equal(160, Widest(redirected.Stdout));
    }

    [Fact]
    public void Rule_ids_and_host_names_are_not_cut_mid_word_at_a_narrow_width()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--width", "90");

        Assert.Contains("VMM-HOST-001", run.Stdout);
        Assert.Contains("VMM-SQL-001", run.Stdout);
        Assert.Contains("CON-HV03.contoso.com", run.Stdout);
    }

    [Fact]
    public void A_too_narrow_width_is_a_usage_error()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--width", "10");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--width must be a whole number of columns from 40 to 1000", run.Stderr);
    }

    [Fact]
    public void Failing_blockers_show_their_remediation_and_actions_do_not()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--width", "200");
        var explainBlocker = CliRunner.Run("explain", "VMM-HOST-001");
        var explainAction = CliRunner.Run("explain", "VMM-OM-001");
        string Remediation(CliRun explain) => explain.Stdout.Split('\n').Single(l => l.StartsWith("Remediation: ", StringComparison.Ordinal))["Remediation: ".Length..].Trim();

        var flat = string.Join(" ", run.Stdout.Split('\n').Select(l => l.Trim('│', ' ', '\r')));
        Assert.Contains("Fix:", run.Stdout);
        Assert.Contains(Remediation(explainBlocker)[..40], flat);
        Assert.DoesNotContain(Remediation(explainAction)[..40], flat);
    }

    [Fact]
    public void The_portfolio_summary_uses_the_readiness_names_people_read()
    {
        var run = CliRunner.Run("assess", Path.Combine(CliRunner.RepoRoot, "samples", "snapshots"));

        Assert.Contains("4 assessed, 0 invalid: 3 not ready, 0 unknown, 0 ready with conditions, 1 ready", run.Stdout);
        Assert.DoesNotContain("NotReady", run.Stdout);
    }

    [Fact]
    public void The_rule_catalog_redirected_is_wide_enough_for_whole_titles()
    {
        var run = CliRunner.Run("rules");

        Assert.InRange(Widest(run.Stdout), 81, 160);
        Assert.Contains("Update rollup of the target needed right after the upgrade", run.Stdout);
    }
}
