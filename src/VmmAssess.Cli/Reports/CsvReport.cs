using System.Globalization;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Cli.Reports;

/// <summary>One row per finding (every rule of the catalog, whatever its status), for spreadsheets.</summary>
internal static class CsvReport
{
    public static void Write(Portfolio portfolio, bool bom, TextWriter output)
    {
        Csv.Start(output, bom, [.. Csv.ResultColumns, "ruleId", "title", "category", "severity", "status", "message", "evidence", "remediation", "references", .. Csv.WaiverColumns]);
        foreach (var result in portfolio.Assessments)
        {
            foreach (var finding in result.Findings)
            {
                var evidence = string.Join("; ", finding.Evidence.Select(e => $"{e.Object} {e.Property}={e.Actual} (expected {e.Expected})"));
                Csv.Row(output, [.. Csv.ResultCells(result), .. Csv.FindingCells(finding), finding.Message, evidence, finding.Remediation, Csv.References(finding), .. Csv.WaiverCells(finding)]);
            }
        }
    }
}

/// <summary>
/// One row per (finding, affected object) for every failing or unknown finding, with no cap: the list of hosts to fix.
/// A finding with no affected object still gets one row, so nothing that needs attention is missing from the export.
/// </summary>
internal static class ObjectsCsvReport
{
    public static void Write(Portfolio portfolio, bool bom, TextWriter output)
    {
        Csv.Start(output, bom, [.. Csv.ResultColumns, "ruleId", "title", "category", "severity", "status", "object", "property", "actual", "expected", "message", "remediation", "references", .. Csv.WaiverColumns]);
        foreach (var result in portfolio.Assessments)
        {
            foreach (var finding in ReportText.NeedingAttention(result))
            {
                var objects = finding.Evidence.Count > 0 ? finding.Evidence : [new Evidence("", "", null, null)];
                foreach (var evidence in objects)
                {
                    Csv.Row(output, [.. Csv.ResultCells(result), .. Csv.FindingCells(finding),
                        evidence.Object, evidence.Property, evidence.Actual, evidence.Expected, finding.Message, finding.Remediation, Csv.References(finding), .. Csv.WaiverCells(finding)]);
                }
            }
        }
    }
}

/// <summary>RFC 4180 (CRLF rows, quoted fields), with cells that would start a formula neutralised.</summary>
internal static class Csv
{
    public static readonly string[] ResultColumns =
        ["snapshotId", "tenantId", "environmentId", "collectedAt", "assessedAt", "rulePackVersion", "source", "target", "readiness"];

    public static string?[] ResultCells(AssessmentResult result) =>
    [
        result.SnapshotId.ToString(), result.TenantId, result.EnvironmentId, Time(result.CollectedAt), Time(result.AssessedAt),
        result.RulePackVersion, ReportText.Source(result), ReportText.Target(result), ReportText.Readiness(result.Readiness),
    ];

    public static string?[] FindingCells(Finding finding) =>
        [finding.RuleId, finding.Title, finding.Category.ToString(), finding.Severity.ToString(), finding.Status.ToString()];

    /// <summary>Appended last, so existing columns keep their positions: empty unless the finding is waived.</summary>
    public static readonly string[] WaiverColumns = ["waiverId", "waiverReason", "waiverExpiresAt"];

    public static string?[] WaiverCells(Finding finding) =>
        finding.Waiver is { } w ? [w.Id, w.Reason, Time(w.ExpiresAt)] : [null, null, null];

    public static string References(Finding finding) => string.Join(" ", finding.References.Select(r => r.Url));

    public static void Start(TextWriter output, bool bom, string[] columns)
    {
        if (bom)
        {
            output.Write('\uFEFF');
        }

        Row(output, columns);
    }

    public static void Row(TextWriter output, IEnumerable<string?> cells)
    {
        output.Write(string.Join(',', cells.Select(Cell)));
        output.Write("\r\n");
    }

    /// <summary>ISO 8601 in UTC: what Excel and every scripting language read as a date.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value; // A cell starting like a formula must not run in the customer's spreadsheet.
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
