using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmmAssess.Cli.Tests;

/// <summary>Full exports: every affected object when asked, and CSV a spreadsheet or a script can use as it is.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-export-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>The contoso sample with 120 more Windows Server 2012 hosts (unsupported by VMM 2016): far past the 50 a finding keeps.</summary>
    private string LargeEstate()
    {
        var root = JsonNode.Parse(File.ReadAllText(CliRunner.Sample("contoso-2012r2-to-2016.json")))!;
        var hosts = root["hosts"]!.AsArray();
        var template = hosts.First(h => h!["os"]?["build"]?.GetValue<string>() == "6.2.9200")!;
        for (var i = 1; i <= 120; i++)
        {
            var host = template.DeepClone();
            host["name"] = $"OLD-HV{i:000}.contoso.com";
            hosts.Add(host);
        }

        var path = Path.Combine(temp, "large.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private static JsonElement Finding(JsonDocument result, string ruleId) =>
        result.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == ruleId);

    private static List<string[]> ParseCsv(string text)
    {
        // A small RFC 4180 reader: quoted fields may hold commas, quotes and line breaks.
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); i++;
            }
            else { field.Append(c); }
        }

        Assert.Equal(0, field.Length + row.Count); // every row ends with CRLF
        return rows;
    }

    [Fact]
    public void Json_keeps_fifty_objects_per_finding_by_default_and_all_with_full_evidence()
    {
        var file = LargeEstate();

        var capped = CliRunner.Run("assess", file, "--format", "json");
        var full = CliRunner.Run("assess", file, "--format", "json", "--full-evidence");

        using var cappedJson = JsonDocument.Parse(capped.Stdout);
        using var fullJson = JsonDocument.Parse(full.Stdout);
        var cappedEvidence = Finding(cappedJson, "VMM-HOST-001").GetProperty("evidence");
        var fullEvidence = Finding(fullJson, "VMM-HOST-001").GetProperty("evidence");
        Assert.Equal(51, cappedEvidence.GetArrayLength());
        Assert.Equal("(and 71 more)", cappedEvidence[50].GetProperty("object").GetString());
        Assert.Equal(121, fullEvidence.GetArrayLength());
        Assert.Contains(fullEvidence.EnumerateArray(), e => e.GetProperty("object").GetString() == "OLD-HV120.contoso.com");
        Assert.Equal(cappedJson.RootElement.GetProperty("readiness").GetString(), fullJson.RootElement.GetProperty("readiness").GetString());
    }

    [Fact]
    public void Objects_csv_has_one_row_per_affected_object_with_no_cap()
    {
        var file = LargeEstate();

        var run = CliRunner.Run("assess", file, "--format", "objects-csv");

        Assert.Equal(0, run.ExitCode);
        var rows = ParseCsv(run.Stdout);
        var header = rows[0];
        var ruleId = Array.IndexOf(header, "ruleId");
        var obj = Array.IndexOf(header, "object");
        var hostRows = rows.Skip(1).Where(r => r[ruleId] == "VMM-HOST-001").ToList();
        Assert.Equal(121, hostRows.Count);
        Assert.Equal(121, hostRows.Select(r => r[obj]).Distinct().Count());
        Assert.DoesNotContain(rows, r => r[obj].StartsWith("(and ", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        Assert.Equal("Windows Server 2012 R2, Windows Server 2016", hostRows[0][Array.IndexOf(header, "expected")]);
    }

    [Fact]
    public void Csv_rows_carry_the_snapshot_dates_rule_pack_remediation_and_references()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "csv");

        var rows = ParseCsv(run.Stdout);
        var header = rows[0];
        foreach (var column in new[] { "snapshotId", "tenantId", "environmentId", "collectedAt", "assessedAt", "rulePackVersion", "remediation", "references" })
        {
            Assert.Contains(column, header);
        }

        var sql = rows.Single(r => r[Array.IndexOf(header, "ruleId")] == "VMM-SQL-001");
        string Cell(string name) => sql[Array.IndexOf(header, name)];
        Assert.Equal("0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60", Cell("snapshotId"));
        Assert.Equal("2026-11-26T10:00:00Z", Cell("assessedAt"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", Cell("collectedAt"));
        Assert.NotEqual("", Cell("rulePackVersion"));
        Assert.NotEqual("", Cell("remediation"));
        Assert.StartsWith("https://", Cell("references"));
    }

    [Fact]
    public void Bom_starts_the_csv_with_a_utf8_byte_order_mark_only_when_asked()
    {
        var with = Path.Combine(temp, "with.csv");
        var without = Path.Combine(temp, "without.csv");

        CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "csv", "-o", with, "--bom");
        CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "csv", "-o", without);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'s' }, File.ReadAllBytes(with)[..4]);
        Assert.Equal((byte)'s', File.ReadAllBytes(without)[0]);
    }

    [Fact]
    public void Csv_cells_that_start_like_a_formula_are_neutralised_in_both_exports()
    {
        var file = Path.Combine(temp, "formula.json");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Sample("contoso-2012r2-to-2016.json"))
            .Replace("CON-HV03.contoso.com", "@SUM(1+1)", StringComparison.Ordinal));

        foreach (var format in new[] { "csv", "objects-csv" })
        {
            var run = CliRunner.Run("assess", file, "--format", format);

            Assert.DoesNotContain(",@SUM", run.Stdout);
            Assert.Contains("'@SUM(1+1)", run.Stdout);
        }
    }
}
