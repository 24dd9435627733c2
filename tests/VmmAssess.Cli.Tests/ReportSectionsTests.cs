using System.Text.Json;

namespace VmmAssess.Cli.Tests;

/// <summary>The upgrade plan, "What could not be checked" and the snapshot's age, in every report format.</summary>
public sealed class ReportSectionsTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-sections-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>What the collector posts when it cannot load the VMM module nor reach the server over WinRM.</summary>
    private string Unreachable(string collectedAt = "2026-11-25T08:00:00+00:00")
    {
        var path = Path.Combine(temp, "unreachable.json");
        File.WriteAllText(path, $$"""
            {
              "schemaVersion": "1.0",
              "snapshotId": "5a1e7c3d-2b9f-4e8a-b6d1-0c3f9e2a7b45",
              "tenantId": "contoso",
              "environmentId": "contoso-dc2-vmm",
              "collectedAt": "{{collectedAt}}",
              "targetVersion": "2022",
              "collectionErrors": [
                { "source": "vmm:module", "target": null, "message": "The 'virtualmachinemanager' module could not be loaded." },
                { "source": "cim:session", "target": "VMM01.contoso.com", "message": "WinRM cannot complete the operation: the server is unreachable." }
              ]
            }
            """);
        return path;
    }

    [Fact]
    public void Markdown_has_an_upgrade_plan_whose_first_hop_asks_for_what_vmm_2016_needs()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("litware-2012r2-to-2022.json"), "--format", "markdown");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("## Upgrade plan", run.Stdout, StringComparison.Ordinal);
        var hop1 = run.Stdout.IndexOf("### Hop 1: VMM 2012 R2 UR9+ → VMM 2016", StringComparison.Ordinal);
        var hop2 = run.Stdout.IndexOf("### Hop 2: VMM 2016 UR6+ → VMM 2019", StringComparison.Ordinal);
        var hop3 = run.Stdout.IndexOf("### Hop 3: VMM 2019 → VMM 2022", StringComparison.Ordinal);
        Assert.True(hop1 > 0 && hop2 > hop1 && hop3 > hop2, "three hops in order");
        var firstHop = run.Stdout[hop1..hop2];
        Assert.Contains("expected Windows Server 2016 for VMM 2016", firstHop, StringComparison.Ordinal);
        Assert.DoesNotContain("Windows Server 2022", firstHop, StringComparison.Ordinal);
        Assert.Contains("Apply VMM 2016 UR6 or later right after this hop", firstHop, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_the_upgrade_plan()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("litware-2012r2-to-2022.json"), "--format", "html");

        Assert.Contains("-upgrade-plan\">Upgrade plan</h3>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("<strong>VMM 2016 UR6+ → VMM 2019</strong>", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_format_shows_why_a_collector_that_could_not_reach_vmm_gives_unknown()
    {
        var path = Unreachable();

        var table = CliRunner.Run("assess", path);
        Assert.Contains("Collection errors", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("vmm:module", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("the server is unreachable", table.Stdout, StringComparison.Ordinal);

        var markdown = CliRunner.Run("assess", path, "--format", "markdown").Stdout;
        Assert.Contains("## What could not be checked", markdown, StringComparison.Ordinal);
        Assert.Contains("- CE2 `cim:session` on VMM01.contoso.com: WinRM cannot complete the operation", markdown, StringComparison.Ordinal);
        Assert.Contains("`$.managementServers[*].os.build`", markdown, StringComparison.Ordinal);
        Assert.Contains("How to collect: Run Get-VmmAssessmentSnapshot where the virtualmachinemanager PowerShell module is installed", markdown, StringComparison.Ordinal);

        var html = CliRunner.Run("assess", path, "--format", "html").Stdout;
        Assert.Contains("-not-checked\">What could not be checked</h3>", html, StringComparison.Ordinal);
        Assert.Contains("explained by CE1, CE2", html, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(CliRunner.Run("assess", path, "--format", "json").Stdout);
        Assert.Equal("vmm:module", json.RootElement.GetProperty("collectionErrors")[0].GetProperty("source").GetString());
        Assert.Contains("collection error", json.RootElement.GetProperty("coverageBasis").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_older_than_30_days_is_flagged_with_its_age()
    {
        // The console wraps long lines: compare the words.
        var stale = string.Join(" ", CliRunner.Run("assess", Unreachable("2026-10-01T08:00:00+00:00")).Stdout.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Snapshot is 56 day(s) old: older than 30 days, collect it again before relying on it", stale, StringComparison.Ordinal);

        var fresh = CliRunner.Run("assess", Unreachable(), "--format", "markdown").Stdout;
        Assert.Contains("- Snapshot age: 1 day(s) old", fresh, StringComparison.Ordinal);
        Assert.DoesNotContain("older than 30 days", fresh, StringComparison.Ordinal);
    }
}
