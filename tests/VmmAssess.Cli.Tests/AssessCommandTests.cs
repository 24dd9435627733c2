using System.Text.Json;

namespace VmmAssess.Cli.Tests;

public sealed class AssessCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-cli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void Json_report_of_a_sample_has_the_result_shape_and_exit_code_0()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60", root.GetProperty("snapshotId").GetString());
        Assert.Equal("contoso", root.GetProperty("tenantId").GetString());
        Assert.Equal("2012R2", root.GetProperty("source").GetProperty("product").GetString());
        Assert.Equal("2016", root.GetProperty("targetVersion").GetString());
        Assert.Equal("NotReady", root.GetProperty("readiness").GetString());
        foreach (var name in new[] { "rulePackVersion", "assessedAt", "coverage", "counts", "upgradePath", "checklist", "findings" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"result lacks '{name}'");
        }

        var finding = root.GetProperty("findings")[0];
        foreach (var name in new[] { "ruleId", "title", "category", "severity", "status", "message", "evidence", "remediation", "references" })
        {
            Assert.True(finding.TryGetProperty(name, out _), $"finding lacks '{name}'");
        }

        Assert.Equal("Fail", finding.GetProperty("status").GetString());
        Assert.Equal("Blocker", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public void Same_snapshot_gives_byte_identical_json()
    {
        var first = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "json");
        var second = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "json");

        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Target_option_overrides_the_snapshot_target()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "json", "--target", "2022");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("2022", json.RootElement.GetProperty("targetVersion").GetString());
        Assert.False(json.RootElement.GetProperty("upgradePath").GetProperty("direct").GetBoolean());
        Assert.Contains("VMM 2019", json.RootElement.GetProperty("upgradePath").GetProperty("summary").GetString());
    }

    [Fact]
    public void Invalid_snapshot_exits_2_names_the_path_and_keeps_stdout_valid_json()
    {
        var file = Path.Combine(temp, "broken.json");
        var text = File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"))
            .Replace("\"tenantId\": \"northwind\"", "\"tenantId\": \"north/wind\"", StringComparison.Ordinal)
            .Replace("\"build\": \"10.0.20348\"", "\"build\": null", StringComparison.Ordinal);
        File.WriteAllText(file, text);

        var run = CliRunner.Run("assess", file, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.tenantId", run.Stderr);
        Assert.Contains("$.hosts[0].os.build: required", run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var paths = json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.tenantId", paths);
        Assert.Contains("$.hosts[1].os.build", paths);
    }

    [Fact]
    public void Invalid_snapshot_in_table_mode_prints_nothing_to_stdout()
    {
        var file = Path.Combine(temp, "not-json.json");
        File.WriteAllText(file, "{ \"schemaVersion\": ");

        var run = CliRunner.Run("assess", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("is not valid JSON", run.Stderr);
    }

    [Fact]
    public void Folder_gives_a_portfolio_summary_and_reports_invalid_files()
    {
        foreach (var sample in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "samples", "snapshots"), "*.json"))
        {
            File.Copy(sample, Path.Combine(temp, Path.GetFileName(sample)));
        }

        File.WriteAllText(Path.Combine(temp, "zz-empty.json"), "");

        var run = CliRunner.Run("assess", temp, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("assessed").GetInt32());
        Assert.Equal(1, summary.GetProperty("invalid").GetInt32());
        Assert.Equal(1, summary.GetProperty("byReadiness").GetProperty("Ready").GetInt32());
        Assert.Equal("zz-empty.json", json.RootElement.GetProperty("invalid")[0].GetProperty("file").GetString());
        var tenants = json.RootElement.GetProperty("assessments").EnumerateArray().Select(a => a.GetProperty("tenantId").GetString()).ToList();
        Assert.Equal(["contoso", "fabrikam", "litware", "northwind"], tenants);
    }

    [Fact]
    public void Table_report_shows_readiness_and_blockers_first()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Not ready", run.Stdout);
        var blocker = run.Stdout.IndexOf("VMM-SQL-001", StringComparison.Ordinal);
        var action = run.Stdout.IndexOf("VMM-OM-001", StringComparison.Ordinal);
        Assert.True(blocker >= 0 && action > blocker, "blockers are listed before actions");
        Assert.DoesNotContain("\u001b[", run.Stdout); // no colour codes when not writing to a terminal
    }

    [Fact]
    public void Html_report_is_self_contained_and_encodes_inventory_text()
    {
        var file = Path.Combine(temp, "hostile.json");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Sample("contoso-2012r2-to-2016.json"))
            .Replace("CON-HV03.contoso.com", "<script>alert(1)</script>", StringComparison.Ordinal));
        var output = Path.Combine(temp, "report.html");

        var run = CliRunner.Run("assess", file, "--format", "html", "--output", output);

        Assert.Equal(0, run.ExitCode);
        var html = File.ReadAllText(output);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.Equal("", run.Stdout);
        Assert.Contains("Report written to", run.Stderr);
    }

    [Fact]
    public void Markdown_report_lists_findings_and_checklist()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("fabrikam-2019-ha-to-2022.json"), "--format", "markdown");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("# fabrikam / fab-dc1-vmm: Not ready", run.Stdout);
        Assert.Contains("VMM-SQL-002", run.Stdout);
        Assert.Contains("- [ ] After: Add the VMM database back to its Always On availability group", run.Stdout);
    }

    [Fact]
    public void Csv_report_has_one_row_per_finding_and_neutralises_formulas()
    {
        var file = Path.Combine(temp, "formula.json");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"))
            .Replace("NW-HV03.northwind.local", "=HYPERLINK(\\\"http://x\\\")", StringComparison.Ordinal)
            .Replace("\"build\": \"10.0.26100\", \"installationType\": \"Server Core\" }, \"cluster\": null", "\"build\": \"6.2.9200\", \"installationType\": \"Server Core\" }, \"cluster\": null", StringComparison.Ordinal));

        var run = CliRunner.Run("assess", file, "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.TrimEnd().Split('\n');
        var rules = CliRunner.Run("rules", "--format", "json");
        using var catalog = JsonDocument.Parse(rules.Stdout);
        Assert.Equal(catalog.RootElement.GetArrayLength() + 1, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal));
        Assert.Contains("'=HYPERLINK", run.Stdout);
    }

    [Theory]
    [InlineData("assess", "does-not-exist.json")]
    [InlineData("assess", "samples/snapshots/northwind-2022-to-2025.json", "--format", "pdf")]
    [InlineData("assess", "samples/snapshots/northwind-2022-to-2025.json", "--target", "2012")]
    [InlineData("frobnicate")]
    public void Usage_errors_exit_1(params string[] args)
    {
        var resolved = args.Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(CliRunner.RepoRoot, a) : a).ToArray();

        var run = CliRunner.Run(resolved);

        Assert.Equal(1, run.ExitCode);
        Assert.NotEqual("", run.Stderr);
    }
}
