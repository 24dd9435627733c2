using System.Text.Json;

namespace VmmAssess.Cli.Tests;

public sealed class CatalogCommandTests
{
    [Fact]
    public void Rules_json_lists_every_rule_with_references()
    {
        var run = CliRunner.Run("rules", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var ids = json.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("VMM-VMW-001", ids);
        Assert.Contains("VMM-PATH-001", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(json.RootElement.EnumerateArray(), r => Assert.NotEqual(0, r.GetProperty("references").GetArrayLength()));
    }

    [Fact]
    public void Explain_shows_remediation_and_sources()
    {
        var run = CliRunner.Run("explain", "vmm-winrm-001");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("VMM-WINRM-001", run.Stdout);
        Assert.Contains("Remediation:", run.Stdout);
        Assert.Contains("https://", run.Stdout);
    }

    [Fact]
    public void Explain_unknown_rule_is_a_usage_error()
    {
        var run = CliRunner.Run("explain", "VMM-NOPE-999");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no rule 'VMM-NOPE-999'", run.Stderr);
    }

    [Fact]
    public void Validate_reports_valid_and_invalid()
    {
        var ok = CliRunner.Run("validate", CliRunner.Sample("northwind-2022-to-2025.json"));
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("valid snapshot", ok.Stdout);

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{\"schemaVersion\":\"2.0\",\"snapshotId\":\"x\"}");
            var bad = CliRunner.Run("validate", file, "--format", "json");
            Assert.Equal(2, bad.ExitCode);
            using var json = JsonDocument.Parse(bad.Stdout);
            var messages = json.RootElement.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("path").GetString()}: {e.GetProperty("message").GetString()}").ToList();
            Assert.Contains("$.tenantId: required", messages);
            Assert.Contains("$.schemaVersion: must be \"1.0\"", messages);
            Assert.Contains(messages, m => m.StartsWith("$.snapshotId: must be a GUID", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
