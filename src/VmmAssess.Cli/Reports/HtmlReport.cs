using System.Net;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Cli.Reports;

/// <summary>A self-contained HTML report (inline CSS, no scripts, no external assets) an MSP can hand to a customer.</summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:2rem;color:#1b1b1b;max-width:70rem}
        h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.badge{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;color:#fff;font-weight:600}
        .NotReady{background:#b3261e}.Unknown{background:#6b6b6b}.ReadyWithConditions{background:#b86e00}.Ready{background:#1e7b34}
        .Fail{color:#b3261e;font-weight:600}.sev{font-weight:600}small{color:#555}
        """;

    public static void Write(Portfolio portfolio, ReportOptions options, TextWriter output)
    {
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>VMM upgrade readiness</title>");
        output.WriteLine($"<style>{Style}</style></head><body>");
        if (!portfolio.IsSingle)
        {
            output.WriteLine("<h1>VMM upgrade readiness: portfolio</h1>");
            output.WriteLine("<table><tr><th>Tenant</th><th>Environment</th><th>Upgrade</th><th>Readiness</th><th>Blockers</th><th>Warnings</th><th>Actions</th><th>Coverage</th></tr>");
            foreach (var a in portfolio.Assessments)
            {
                output.WriteLine($"<tr><td>{E(a.TenantId)}</td><td>{E(a.EnvironmentId)}</td><td>{E(ReportText.Source(a))} → {E(ReportText.Target(a))}</td><td>{Badge(a.Readiness)}</td><td>{a.Counts.Blockers}</td><td>{a.Counts.Warnings}</td><td>{a.Counts.Actions}</td><td>{ReportText.Percent(a.Coverage)}</td></tr>");
            }

            foreach (var invalid in portfolio.Invalid)
            {
                output.WriteLine($"<tr><td></td><td>{E(Path.GetFileName(invalid.Path))}</td><td></td><td>Invalid snapshot: {E(string.Join("; ", invalid.Result.Errors.Take(5)))}</td><td></td><td></td><td></td><td></td></tr>");
            }

            output.WriteLine("</table>");
        }

        foreach (var result in portfolio.Assessments)
        {
            WriteAssessment(result, output, portfolio.IsSingle ? "h1" : "h2");
        }

        output.WriteLine("</body></html>");
    }

    private static void WriteAssessment(AssessmentResult r, TextWriter output, string heading)
    {
        output.WriteLine($"<{heading}>{E(r.TenantId)} / {E(r.EnvironmentId)} {Badge(r.Readiness)}</{heading}>");
        output.WriteLine($"<p>Upgrade {E(ReportText.Source(r))} → {E(ReportText.Target(r))}: {E(r.UpgradePath.Summary)}<br>");
        output.WriteLine($"Coverage {ReportText.Percent(r.Coverage)} · {r.Counts.Blockers} blocker(s), {r.Counts.Warnings} warning(s), {r.Counts.Actions} action(s), {r.Counts.Unknown} unknown<br>");
        output.WriteLine($"<small>Snapshot {r.SnapshotId}, collected {E(r.CollectedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}, rule pack {E(r.RulePackVersion)}</small></p>");
        output.WriteLine("<table><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Finding</th><th>Remediation</th></tr>");
        foreach (var f in ReportText.NeedingAttention(r))
        {
            var evidence = string.Concat(f.Evidence.Select(e => $"<li>{E(e.Object)} {E(e.Property)}: {E(e.Actual ?? "(missing)")} <small>expected {E(e.Expected ?? "-")}</small></li>"));
            var sources = string.Join(", ", f.References.Select(x => $"<a href=\"{E(x.Url)}\">{E(x.Title)}</a>"));
            output.WriteLine($"<tr><td class=\"{f.Status}\">{f.Status}</td><td class=\"sev\">{f.Severity}</td><td>{E(f.RuleId)}<br><small>{E(f.Title)}</small></td><td>{E(f.Message)}<ul>{evidence}</ul></td><td>{(f.Status == FindingStatus.Fail ? E(f.Remediation) : "")}<br><small>{sources}</small></td></tr>");
        }

        output.WriteLine("</table>");
        output.WriteLine("<h3>Checklist</h3><ul>");
        foreach (var item in r.Checklist)
        {
            output.WriteLine($"<li>{(item.Phase == ChecklistPhase.BeforeUpgrade ? "Before" : "After")} the upgrade: {E(item.Text)}</li>");
        }

        output.WriteLine("</ul>");
    }

    private static string Badge(Readiness readiness) => $"<span class=\"badge {readiness}\">{E(ReportText.Readiness(readiness))}</span>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
