using System.Globalization;
using System.Net;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Cli.Reports;

/// <summary>
/// A self-contained HTML report (inline CSS, no scripts, no external assets) an MSP hands to a customer: a cover that names
/// the customer, then one part per environment made of sections. Landmarks, heading order (h1 cover, h2 environment, h3
/// section), table semantics and AA contrast are what the browser test holds it to (axe-core, no overflow at 1280 px or
/// A4, print to PDF).
/// </summary>
internal static class HtmlReport
{
    /// <summary>One h3 section of an environment's part; it is left out when <c>Applies</c> says the result has nothing for it.</summary>
    internal sealed record Section(string Id, string Title, Func<AssessmentResult, bool> Applies, Action<AssessmentResult, TextWriter> Render);

    /// <summary>The sections of each environment's part, in order. A new section is one entry here and its renderer.</summary>
    internal static readonly IReadOnlyList<Section> Sections =
    [
        new("summary", "Summary", _ => true, Summary),
        new("changes", "Changes since the baseline", r => r.Changes is not null, ChangeReport.Html),
        new("attention", "What needs attention", r => ReportText.NeedingAttention(r).Any(), Attention),
        new("upgrade-path", "Upgrade path", r => r.UpgradePath.Hops.Count > 0, UpgradePath),
        new("upgrade-plan", "Upgrade plan", r => r.UpgradePlan.Hops.Count > 0, ReportSections.HtmlUpgradePlan),
        new("not-checked", "What could not be checked", ReportSections.HasNotChecked, ReportSections.HtmlNotChecked),
        new("checked", "Everything checked", r => r.Findings.Count > 0, Checked),
        new("checklist", "Checklist", r => r.Checklist.Count > 0, ChecklistSection),
    ];

    private const string Style = """
        :root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#c8c8c8;--head:#f0f0f0;--link:#0b57d0}
        *{box-sizing:border-box}
        body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:var(--ink);background:#fff;line-height:1.4}
        header.cover,main,footer{max-width:72rem;margin:0 auto;padding:1.5rem 2rem}
        header.cover{border-bottom:4px solid var(--ink)}
        .cover img{max-height:4rem;max-width:16rem;display:block;margin-bottom:1rem}
        .kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.85rem;color:var(--muted)}
        h1{font-size:1.8rem;margin:.2rem 0 1rem}h2{font-size:1.4rem;margin:2.5rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
        h3{font-size:1.1rem;margin:1.8rem 0 .4rem}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
        table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.6rem 0}
        th,td{border:1px solid var(--line);padding:.35rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:normal}
        p,li,dd,code{overflow-wrap:anywhere}
        thead th{background:var(--head)}td.num,th.num{text-align:right}
        td p{margin:0 0 .4rem}ul.evidence{margin:.3rem 0 0;padding-left:1.1rem}ul.evidence li{margin:.1rem 0}
        .note{color:var(--muted);font-size:.9rem}.id{white-space:nowrap}
        a{color:var(--link)}
        .badge{display:inline-block;padding:.1rem .55rem;border-radius:.3rem;color:#fff;font-weight:600;font-size:.95rem;white-space:nowrap}
        .badge.NotReady{background:#a4231b}.badge.Unknown{background:#595959}.badge.ReadyWithConditions{background:#8a4b00}.badge.Ready{background:#1d6b30}
        .status-Fail{color:#a4231b;font-weight:600}.status-Unknown{color:#4a4a4a;font-weight:600}.status-Waived{color:#4a4a4a;font-weight:600;font-style:italic}
        footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
        @page{size:A4;margin:14mm 12mm}
        @media print{
          body{font-size:10pt}header.cover,main,footer{max-width:none;padding:0}
          .badge{print-color-adjust:exact;-webkit-print-color-adjust:exact}
          thead{display:table-header-group}tr,li,dl.facts{break-inside:avoid}h2,h3{break-after:avoid}
          section.environment+section.environment{break-before:page}
          a{color:var(--ink);text-decoration:none}
          a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;color:var(--muted);overflow-wrap:anywhere}
        }
        """;

    public static void Write(Portfolio portfolio, ReportOptions options, TextWriter output)
    {
        var generated = portfolio.Assessments.Count > 0 ? portfolio.Assessments[0].AssessedAt : (DateTimeOffset?)null;
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        output.WriteLine($"<title>{E(Title(portfolio, options))}</title>");
        output.WriteLine($"<style>{Style}</style></head><body>");

        output.WriteLine("<header class=\"cover\">");
        if (options.Logo is { } logo)
        {
            output.WriteLine($"<img src=\"{logo.DataUri}\" alt=\"{E(options.PreparedBy is { } by ? by + " logo" : "Logo")}\">");
        }

        output.WriteLine("<p class=\"kicker\">VMM upgrade readiness assessment</p>");
        output.WriteLine($"<h1>{E(Heading(portfolio, options))}</h1>");
        output.WriteLine("<dl class=\"facts\">");
        Fact(output, "Prepared for", options.CustomerName);
        Fact(output, "Prepared by", options.PreparedBy);
        Fact(output, "Generated", generated is { } at ? Time(at) : null);
        Fact(output, "Environments", portfolio.IsSingle ? null : $"{portfolio.Assessments.Count} assessed, {portfolio.Invalid.Count} not readable");
        Fact(output, "Rule pack", portfolio.Assessments.Select(a => a.RulePackVersion).Distinct().FirstOrDefault());
        output.WriteLine("</dl></header>");

        output.WriteLine("<main>");
        if (!portfolio.IsSingle)
        {
            PortfolioSection(portfolio, output);
        }

        var index = 0;
        foreach (var result in portfolio.Assessments)
        {
            WriteAssessment(result, output, ++index);
        }

        output.WriteLine("</main>");
        output.WriteLine("<footer><p>Produced by vmmassess from a snapshot of the VMM deployment. Each finding names Microsoft's documentation it is based on; "
            + "readiness is \"Not ready\" when a blocker fails, \"Unknown\" when a blocker could not be checked for lack of data.</p></footer>");
        output.WriteLine("</body></html>");
    }

    private static string Title(Portfolio portfolio, ReportOptions options)
    {
        var who = options.CustomerName ?? (portfolio.Assessments.Select(a => a.TenantId).Distinct().ToList() is [var tenant] ? tenant : null);
        var what = portfolio.IsSingle ? portfolio.Assessments[0].EnvironmentId : $"{portfolio.Assessments.Count + portfolio.Invalid.Count} environments";
        return $"VMM upgrade readiness: {(who is null ? "" : who + ", ")}{what}";
    }

    private static string Heading(Portfolio portfolio, ReportOptions options)
    {
        var who = options.CustomerName ?? (portfolio.Assessments.Select(a => a.TenantId).Distinct().ToList() is [var tenant] ? tenant : "Portfolio");
        return portfolio.IsSingle ? $"{who}: {portfolio.Assessments[0].EnvironmentId}" : who;
    }

    private static void PortfolioSection(Portfolio portfolio, TextWriter output)
    {
        output.WriteLine("<section aria-labelledby=\"portfolio\"><h2 id=\"portfolio\">Portfolio</h2>");
        output.WriteLine("<table><colgroup><col style=\"width:14%\"><col style=\"width:18%\"><col style=\"width:20%\"><col style=\"width:16%\"><col><col><col><col></colgroup>");
        output.WriteLine("<thead><tr><th scope=\"col\">Tenant</th><th scope=\"col\">Environment</th><th scope=\"col\">Upgrade</th><th scope=\"col\">Readiness</th>"
            + "<th scope=\"col\" class=\"num\">Blockers</th><th scope=\"col\" class=\"num\">Warnings</th><th scope=\"col\" class=\"num\">Actions</th><th scope=\"col\" class=\"num\">Coverage</th></tr></thead><tbody>");
        foreach (var a in portfolio.Assessments)
        {
            output.WriteLine($"<tr><td>{E(a.TenantId)}</td><th scope=\"row\">{E(a.EnvironmentId)}</th><td>{E(ReportText.Source(a))} → {E(ReportText.Target(a))}</td><td>{Badge(a.Readiness)}</td>"
                + $"<td class=\"num\">{a.Counts.Blockers}{(a.Counts.WaivedBlockers > 0 ? $" (+{a.Counts.WaivedBlockers} waived)" : "")}</td><td class=\"num\">{a.Counts.Warnings}</td><td class=\"num\">{a.Counts.Actions}</td><td class=\"num\">{ReportText.Percent(a.Coverage)}</td></tr>");
        }

        foreach (var invalid in portfolio.Invalid)
        {
            output.WriteLine($"<tr><td>–</td><th scope=\"row\">{E(Path.GetFileName(invalid.Path))}</th><td colspan=\"6\">Not a readable snapshot: {E(string.Join("; ", invalid.Result.Errors.Take(5)))}</td></tr>");
        }

        output.WriteLine("</tbody></table>");
        var summary = portfolio.Summary;
        output.WriteLine($"<p>{summary.Assessed} assessed: " + string.Join(", ", Enum.GetValues<Readiness>().Select(r => $"{summary.ByReadiness[r.ToString()]} {E(ReportText.Readiness(r).ToLowerInvariant())}")) + ".</p>");
        output.WriteLine("</section>");
    }

    private static void WriteAssessment(AssessmentResult r, TextWriter output, int index)
    {
        var id = $"env-{index}";
        output.WriteLine($"<section class=\"environment\" aria-labelledby=\"{id}\">");
        output.WriteLine($"<h2 id=\"{id}\">{E(r.TenantId)} / {E(r.EnvironmentId)} {Badge(r.Readiness)}</h2>");
        foreach (var section in Sections.Where(s => s.Applies(r)))
        {
            output.WriteLine($"<h3 id=\"{id}-{section.Id}\">{E(section.Title)}</h3>");
            section.Render(r, output);
        }

        output.WriteLine("</section>");
    }

    private static void Summary(AssessmentResult r, TextWriter output)
    {
        output.WriteLine("<dl class=\"facts\">");
        Fact(output, "Readiness", ReportText.Readiness(r.Readiness));
        Fact(output, "Upgrade", $"{ReportText.Source(r)} → {ReportText.Target(r)}: {r.UpgradePath.Summary}");
        Fact(output, "Coverage", $"{ReportText.Percent(r.Coverage)} of the applicable rules had the data they need");
        Fact(output, "Failing", $"{r.Counts.Blockers} blocker(s), {r.Counts.Warnings} warning(s), {r.Counts.Actions} action(s){ChangeReport.WaivedSuffix(r.Counts)}");
        Fact(output, "Snapshot", $"{r.SnapshotId}, collected {Time(r.CollectedAt)} ({ReportSections.AgeText(r)})");
        Fact(output, "Assessed", $"{Time(r.AssessedAt)} with rule pack {r.RulePackVersion}");
        output.WriteLine("</dl>");
        output.WriteLine("<table class=\"counts\"><caption class=\"note\">Rules by result</caption><thead><tr>"
            + "<th scope=\"col\">Failed</th><th scope=\"col\">Could not be checked</th><th scope=\"col\">Passed</th><th scope=\"col\">Not applicable</th></tr></thead>");
        output.WriteLine($"<tbody><tr><td class=\"num\">{r.Counts.Fail}</td><td class=\"num\">{r.Counts.Unknown}</td><td class=\"num\">{r.Counts.Pass}</td><td class=\"num\">{r.Counts.NotApplicable}</td></tr></tbody></table>");
    }

    private static void Attention(AssessmentResult r, TextWriter output)
    {
        output.WriteLine("<table><colgroup><col style=\"width:9%\"><col style=\"width:9%\"><col style=\"width:18%\"><col style=\"width:34%\"><col style=\"width:30%\"></colgroup>");
        output.WriteLine("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Finding and affected objects</th><th scope=\"col\">Remediation and sources</th></tr></thead><tbody>");
        foreach (var f in ReportText.NeedingAttention(r))
        {
            var evidence = f.Evidence.Count == 0 ? ""
                : "<ul class=\"evidence\">" + string.Concat(f.Evidence.Select(e => $"<li>{E(e.Object)} {E(e.Property)}: {E(e.Actual ?? "(missing)")} <span class=\"note\">expected {E(e.Expected ?? "–")}</span></li>")) + "</ul>";
            var sources = string.Join(", ", f.References.Select(x => $"<a href=\"{E(x.Url)}\">{E(x.Title)}</a>"));
            var remediation = f.Status == FindingStatus.Fail ? $"<p>{E(f.Remediation)}</p>" : "<p>Collect the missing data and assess again.</p>";
            var waiver = f.Waiver is { } w ? $"<p class=\"note\">{E(ChangeReport.Waiver(w))}</p>" : "";
            output.WriteLine($"<tr><td class=\"{StatusClass(f)}\">{StatusText(f)}</td><td>{f.Severity}</td><th scope=\"row\"><span class=\"id\">{E(f.RuleId)}</span><br><span class=\"note\">{E(f.Title)}</span></th>"
                + $"<td>{waiver}{E(f.Message)}{evidence}</td><td>{remediation}<p class=\"note\">{sources}</p></td></tr>");
        }

        output.WriteLine("</tbody></table>");
    }

    private static void UpgradePath(AssessmentResult r, TextWriter output)
    {
        output.WriteLine("<ol>");
        foreach (var hop in r.UpgradePath.Hops)
        {
            output.WriteLine($"<li>{E(hop.From)} → {E(hop.To)}{(hop.MinUpdateRollup is { } ur ? $" (from update rollup {ur} or later)" : "")}</li>");
        }

        output.WriteLine("</ol>");
    }

    private static void Checked(AssessmentResult r, TextWriter output)
    {
        output.WriteLine("<table><colgroup><col style=\"width:16%\"><col><col style=\"width:12%\"><col style=\"width:18%\"></colgroup>");
        output.WriteLine("<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">What it checks</th><th scope=\"col\">Severity</th><th scope=\"col\">Result</th></tr></thead><tbody>");
        foreach (var f in r.Findings)
        {
            output.WriteLine($"<tr><th scope=\"row\" class=\"id\">{E(f.RuleId)}</th><td>{E(f.Title)}</td><td>{f.Severity}</td><td class=\"{StatusClass(f)}\">{StatusText(f)}</td></tr>");
        }

        output.WriteLine("</tbody></table>");
    }

    private static void ChecklistSection(AssessmentResult r, TextWriter output)
    {
        foreach (var phase in new[] { ChecklistPhase.BeforeUpgrade, ChecklistPhase.AfterUpgrade })
        {
            var items = r.Checklist.Where(i => i.Phase == phase).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            output.WriteLine($"<p><strong>{(phase == ChecklistPhase.BeforeUpgrade ? "Before" : "After")} the upgrade</strong></p><ol>");
            foreach (var item in items)
            {
                output.WriteLine($"<li>{E(item.Text)}</li>");
            }

            output.WriteLine("</ol>");
        }
    }

    /// <summary>A waived failure stays a failure, marked as accepted: the reason and expiry are next to it.</summary>
    private static string StatusText(Finding f) => f.Waiver is null ? StatusText(f.Status) : StatusText(f.Status) + " (waived)";

    private static string StatusClass(Finding f) => f.Waiver is null ? $"status-{f.Status}" : "status-Waived";

    private static string StatusText(FindingStatus status) => status switch
    {
        FindingStatus.Fail => "Failed",
        FindingStatus.Unknown => "Could not be checked",
        FindingStatus.Pass => "Passed",
        _ => "Not applicable",
    };

    private static void Fact(TextWriter output, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            output.WriteLine($"<dt>{E(name)}</dt><dd>{E(value)}</dd>");
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Badge(Readiness readiness) => $"<span class=\"badge {readiness}\">{E(ReportText.Readiness(readiness))}</span>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
