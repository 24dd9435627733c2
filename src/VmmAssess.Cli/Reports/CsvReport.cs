using System.Globalization;
using VmmAssess.Core.Assessment;

namespace VmmAssess.Cli.Reports;

/// <summary>One row per finding, for spreadsheets (RFC 4180 quoting; formula-leading cells neutralised).</summary>
internal static class CsvReport
{
    public static void Write(Portfolio portfolio, TextWriter output)
    {
        output.WriteLine("tenantId,environmentId,source,target,readiness,ruleId,title,category,severity,status,message,evidence");
        foreach (var result in portfolio.Assessments)
        {
            foreach (var finding in result.Findings)
            {
                var evidence = string.Join("; ", finding.Evidence.Select(e => $"{e.Object} {e.Property}={e.Actual} (expected {e.Expected})"));
                output.WriteLine(string.Join(',',
                    Cell(result.TenantId), Cell(result.EnvironmentId), Cell(ReportText.Source(result)), Cell(ReportText.Target(result)),
                    Cell(result.Readiness.ToString()), Cell(finding.RuleId), Cell(finding.Title), Cell(finding.Category.ToString()),
                    Cell(finding.Severity.ToString()), Cell(finding.Status.ToString()), Cell(finding.Message), Cell(evidence)));
            }
        }
    }

    internal static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value; // A cell starting like a formula must not run in the customer's spreadsheet.
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    internal static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
