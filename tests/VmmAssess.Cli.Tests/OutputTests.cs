using System.Text.Json;

namespace VmmAssess.Cli.Tests;

/// <summary>Where reports go and what a script sees: no input overwritten, JSON-only stdout in JSON mode, exit codes.</summary>
public sealed class OutputTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-out-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private string CopySample(string name)
    {
        var path = Path.Combine(temp, name);
        File.Copy(CliRunner.Sample(name), path);
        return path;
    }

    [Fact]
    public void Output_equal_to_the_input_is_refused_and_the_snapshot_is_untouched_even_with_force()
    {
        var snapshot = CopySample("contoso-2012r2-to-2016.json");
        var before = File.ReadAllBytes(snapshot);

        var run = CliRunner.Run("assess", snapshot, "--format", "html", "-o", snapshot, "--force");
        var viaOtherSpelling = CliRunner.Run("assess", snapshot, "--format", "html", "-o", Path.Combine(temp, ".", "contoso-2012r2-to-2016.json"), "--force");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is one of the input snapshots", run.Stderr);
        Assert.Equal(1, viaOtherSpelling.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(snapshot));
    }

    [Fact]
    public void Output_inside_a_folder_given_as_input_cannot_replace_one_of_its_snapshots()
    {
        var snapshot = CopySample("northwind-2022-to-2025.json");
        CopySample("contoso-2012r2-to-2016.json");
        var before = File.ReadAllBytes(snapshot);

        var run = CliRunner.Run("assess", temp, "--format", "json", "-o", snapshot, "--force");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(snapshot));
    }

    [Fact]
    public void An_existing_file_is_replaced_only_with_force()
    {
        var report = Path.Combine(temp, "report.md");
        File.WriteAllText(report, "last week's report");

        var refused = CliRunner.Run("assess", CliRunner.Sample("northwind-2022-to-2025.json"), "--format", "markdown", "-o", report);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists; add --force", refused.Stderr);
        Assert.Equal("last week's report", File.ReadAllText(report));

        var forced = CliRunner.Run("assess", CliRunner.Sample("northwind-2022-to-2025.json"), "--format", "markdown", "-o", report, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("# northwind / nw-prod-vmm", File.ReadAllText(report));
    }

    [Fact]
    public void Missing_folders_are_created_and_a_folder_as_output_is_a_clear_error()
    {
        var nested = Path.Combine(temp, "reports", "2026", "contoso.html");

        var created = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "html", "-o", nested);
        var folder = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "html", "-o", temp);

        Assert.Equal(0, created.ExitCode);
        Assert.True(File.Exists(nested));
        Assert.Equal(1, folder.ExitCode);
        Assert.Contains("is a folder", folder.Stderr);
        Assert.Contains("--output-dir", folder.Stderr);
        Assert.DoesNotContain("Exception", folder.Stderr);
    }

    [Fact]
    public void Output_dir_writes_one_file_per_format_named_after_the_environment()
    {
        var dir = Path.Combine(temp, "out");

        var run = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "json,html,csv,objects-csv,markdown,table", "--output-dir", dir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["vmmassess-fabrikam-fab-dc1-vmm.csv", "vmmassess-fabrikam-fab-dc1-vmm.html", "vmmassess-fabrikam-fab-dc1-vmm.json",
             "vmmassess-fabrikam-fab-dc1-vmm.md", "vmmassess-fabrikam-fab-dc1-vmm.objects.csv", "vmmassess-fabrikam-fab-dc1-vmm.txt"],
            files);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "vmmassess-fabrikam-fab-dc1-vmm.json")));
        Assert.Equal("fabrikam", json.RootElement.GetProperty("tenantId").GetString());
        Assert.Contains("Not ready", File.ReadAllText(Path.Combine(dir, "vmmassess-fabrikam-fab-dc1-vmm.txt")));
        Assert.Equal(6, run.Stderr.Split('\n').Count(l => l.StartsWith("Report written to", StringComparison.Ordinal)));
    }

    [Fact]
    public void Output_dir_checks_every_file_before_writing_any()
    {
        var dir = Path.Combine(temp, "out");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "vmmassess-fabrikam-fab-dc1-vmm.html"), "keep");

        var run = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "json,html", "--output-dir", dir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["vmmassess-fabrikam-fab-dc1-vmm.html"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Several_formats_without_output_dir_are_a_usage_error()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "json,html");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("need --output-dir", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("assess", "does-not-exist.json", "--format", "json")]
    [InlineData("assess", "SAMPLE", "--format", "json", "--frobnicate")]
    [InlineData("assess", "SAMPLE", "--format", "json", "--target", "2012")]
    [InlineData("assess", "SAMPLE", "--format", "json", "--target")]
    [InlineData("assess", "--format", "json")]
    [InlineData("assess", "SAMPLE", "--format", "json", "--target", "2022")]
    public void In_json_mode_every_usage_error_is_a_json_document_on_stdout_and_a_message_on_stderr(params string[] args)
    {
        var resolved = args.Select(a => a == "SAMPLE" ? CliRunner.Sample("northwind-2022-to-2025.json") : a).ToArray();

        var run = CliRunner.Run(resolved);

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.Equal(1, error.GetProperty("exitCode").GetInt32());
        Assert.NotEqual("", error.GetProperty("message").GetString());
        Assert.StartsWith("error: ", run.Stderr);
        Assert.DoesNotContain("Usage:", run.Stdout);
    }

    [Fact]
    public void Outside_json_mode_a_usage_error_prints_nothing_on_stdout_and_points_to_help()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("northwind-2022-to-2025.json"), "--format", "pdf");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("'pdf' is not a format", run.Stderr);
        Assert.Contains("vmmassess assess --help", run.Stderr);
    }

    [Fact]
    public void A_target_at_or_below_the_running_version_is_a_usage_error_naming_it()
    {
        var same = CliRunner.Run("assess", CliRunner.Sample("northwind-2022-to-2025.json"), "--target", "2022");
        var older = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--target", "2016");

        Assert.Equal(1, same.ExitCode);
        Assert.Equal("", same.Stdout);
        Assert.Contains("--target 2022 is not an upgrade: northwind/nw-prod-vmm already runs VMM 2022. Choose a later version (2025).", same.Stderr);
        Assert.Equal(1, older.ExitCode);
        Assert.Contains("already runs VMM 2019", older.Stderr);
        Assert.DoesNotContain("Not ready", older.Stdout);
    }

    [Theory]
    [InlineData("contoso-2012r2-to-2016.json", "notready", 3)]
    [InlineData("contoso-2012r2-to-2016.json", null, 0)]
    [InlineData("northwind-2022-to-2025.json", "conditions", 0)]
    [InlineData("northwind-2022-to-2025.json", "notready", 0)]
    public void Fail_on_sets_exit_code_3_when_readiness_is_at_or_below_the_threshold(string sample, string? threshold, int expected)
    {
        string[] args = threshold is null ? ["assess", CliRunner.Sample(sample)] : ["assess", CliRunner.Sample(sample), "--fail-on", threshold];

        var run = CliRunner.Run(args);

        Assert.Equal(expected, run.ExitCode);
        Assert.Contains("Readiness:", run.Stdout); // the report is still written
    }

    [Fact]
    public void Fail_on_conditions_counts_a_ready_with_conditions_assessment_and_fail_on_unknown_does_not()
    {
        // Jobs still running on the VMM server: no blocker, one action (VMM-OPS-001), so ready with conditions.
        var file = Path.Combine(temp, "conditions.json");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"))
            .Replace("\"runningJobs\": 0", "\"runningJobs\": 3", StringComparison.Ordinal));

        var report = CliRunner.Run("assess", file, "--fail-on", "conditions");
        var unknown = CliRunner.Run("assess", file, "--fail-on", "unknown");

        Assert.Contains("Ready with conditions", report.Stdout);
        Assert.Equal(3, report.ExitCode);
        Assert.Equal(0, unknown.ExitCode);
    }

    [Fact]
    public void An_invalid_snapshot_wins_over_the_readiness_threshold()
    {
        File.Copy(CliRunner.Sample("contoso-2012r2-to-2016.json"), Path.Combine(temp, "a.json"));
        File.WriteAllText(Path.Combine(temp, "b.json"), "{}");

        var run = CliRunner.Run("assess", temp, "--fail-on", "notready");

        Assert.Equal(2, run.ExitCode);
    }
}
