using System.Globalization;
using System.Net;
using Spectre.Console;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Cli.Reports;

/// <summary>
/// The report sections of rule pack 2026.11.2, shared by the table, Markdown and HTML reports: the upgrade plan hop by
/// hop (a statement of work an MSP can hand over), what could not be checked and why, and how old the snapshot is.
/// </summary>
internal static class ReportSections
{
    /// <summary>A snapshot older than this is flagged: the estate has likely changed since it was collected.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);

    /// <summary>
    /// Age of the snapshot when it was assessed. The CLI assesses at the moment it reads the file, so this is the age at
    /// the time of reading; the Core stays clock-free (assessedAt is passed in).
    /// </summary>
    public static TimeSpan Age(AssessmentResult r) => r.AssessedAt - r.CollectedAt;

    public static bool IsStale(AssessmentResult r) => Age(r) > StaleAfter;

    public static string AgeText(AssessmentResult r)
    {
        var age = Age(r);
        var text = age < TimeSpan.Zero
            ? "collected after the assessment time (check the collector's clock)"
            : age.TotalDays >= 1
                ? $"{Math.Floor(age.TotalDays).ToString(CultureInfo.InvariantCulture)} day(s) old"
                : $"{Math.Floor(age.TotalHours).ToString(CultureInfo.InvariantCulture)} hour(s) old";
        return IsStale(r) ? $"{text}: older than {StaleAfter.TotalDays.ToString(CultureInfo.InvariantCulture)} days, collect it again before relying on it" : text;
    }

    private static List<Finding> NotChecked(AssessmentResult r) => r.Findings.Where(f => f.Status == FindingStatus.Unknown).ToList();

    private static string Prerequisite(HopPrerequisite p) => $"{p.Status} · {Details(p)}";

    private static string Details(HopPrerequisite p) =>
        $"{p.Severity} · {p.RuleId}: {p.Message}" +
        (p.Evidence.Count > 0 ? " (" + string.Join("; ", p.Evidence.Take(5).Select(e => $"{e.Object}: {e.Actual ?? "(missing)"}, expected {e.Expected ?? "-"}")) + (p.Evidence.Count > 5 ? "; …" : "") + ")" : "") +
        (p.Waiver is { } w ? " " + ChangeReport.Waiver(w) : "");

    // ---- Markdown ----

    public static void MarkdownUpgradePlan(AssessmentResult r, TextWriter output, string heading)
    {
        if (r.UpgradePlan.Hops.Count == 0)
        {
            return;
        }

        output.WriteLine($"{heading}# Upgrade plan");
        output.WriteLine();
        output.WriteLine(MarkdownReport.Escape($"{r.UpgradePlan.Summary} ({r.UpgradePlan.Hops.Count} hop(s)). Each hop is judged against its own version's requirements."));
        output.WriteLine();
        foreach (var hop in r.UpgradePlan.Hops)
        {
            output.WriteLine($"{heading}## Hop {hop.Number}: {MarkdownReport.Escape(hop.Title)}");
            output.WriteLine();
            if (hop.Prerequisites.Count == 0)
            {
                output.WriteLine("- Prerequisites: none found.");
            }
            else
            {
                output.WriteLine("Prerequisites:");
                output.WriteLine();
                foreach (var p in hop.Prerequisites)
                {
                    output.WriteLine($"- [ ] {MarkdownReport.Escape(Prerequisite(p))}");
                }
            }

            output.WriteLine();
            output.WriteLine($"Upgrade: {MarkdownReport.Escape(hop.Step)}");
            output.WriteLine();
            if (hop.UpdateRollupReason is { } rollup)
            {
                output.WriteLine($"Update rollup: {MarkdownReport.Escape(rollup)}");
                output.WriteLine();
            }

            if (hop.AfterHop.Count > 0)
            {
                output.WriteLine("After this hop:");
                output.WriteLine();
                foreach (var item in hop.AfterHop)
                {
                    output.WriteLine($"- [ ] {MarkdownReport.Escape(item.Text)}");
                }

                output.WriteLine();
            }
        }
    }

    public static void MarkdownNotChecked(AssessmentResult r, TextWriter output, string heading)
    {
        var unknown = NotChecked(r);
        if (unknown.Count == 0 && r.CollectionErrors.Count == 0)
        {
            return;
        }

        output.WriteLine($"{heading}# What could not be checked");
        output.WriteLine();
        output.WriteLine(MarkdownReport.Escape($"Coverage: {r.CoverageBasis}"));
        output.WriteLine();
        if (r.CollectionErrors.Count > 0)
        {
            output.WriteLine("Collection errors reported by the collector:");
            output.WriteLine();
            foreach (var e in r.CollectionErrors)
            {
                output.WriteLine($"- {e.Id} `{MarkdownReport.Escape(e.Source)}`{(e.Target is { } t ? $" on {MarkdownReport.Escape(t)}" : "")}: {MarkdownReport.Escape(e.Message)}");
            }

            output.WriteLine();
        }

        foreach (var f in unknown)
        {
            output.WriteLine($"- **{f.RuleId}** ({f.Severity}): {MarkdownReport.Escape(f.Message)}");
            if (f.MissingData is { Count: > 0 } missing)
            {
                output.WriteLine($"  - Missing: {string.Join(", ", missing.Select(m => $"`{MarkdownReport.Escape(m)}`"))}{(f.CollectionErrorIds is { Count: > 0 } ids ? $" (explained by {string.Join(", ", ids)})" : "")}");
            }

            if (f.HowToCollect is { } howTo)
            {
                output.WriteLine($"  - How to collect: {MarkdownReport.Escape(howTo)}");
            }
        }

        output.WriteLine();
    }

    // ---- HTML ----

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static void HtmlUpgradePlan(AssessmentResult r, TextWriter output)
    {
        if (r.UpgradePlan.Hops.Count == 0)
        {
            return;
        }

        output.WriteLine($"<p>{E(r.UpgradePlan.Summary)} ({r.UpgradePlan.Hops.Count} hop(s)). Each hop is judged against its own version's requirements.</p>");
        output.WriteLine("<ol>");
        foreach (var hop in r.UpgradePlan.Hops)
        {
            output.WriteLine($"<li><strong>{E(hop.Title)}</strong>");
            output.WriteLine(hop.Prerequisites.Count == 0
                ? "<p>Prerequisites: none found.</p>"
                : "<p>Prerequisites:</p><ul>" + string.Concat(hop.Prerequisites.Select(p => $"<li><span class=\"{p.Status}\">{p.Status}</span> {E(Details(p))}</li>")) + "</ul>");
            output.WriteLine($"<p>Upgrade: {E(hop.Step)}</p>");
            if (hop.UpdateRollupReason is { } rollup)
            {
                output.WriteLine($"<p>Update rollup: {E(rollup)}</p>");
            }

            if (hop.AfterHop.Count > 0)
            {
                output.WriteLine("<p>After this hop:</p><ul>" + string.Concat(hop.AfterHop.Select(i => $"<li>{E(i.Text)}</li>")) + "</ul>");
            }

            output.WriteLine("</li>");
        }

        output.WriteLine("</ol>");
    }

    /// <summary>Whether the "What could not be checked" section has anything to say.</summary>
    public static bool HasNotChecked(AssessmentResult r) => NotChecked(r).Count > 0 || r.CollectionErrors.Count > 0;

    public static void HtmlNotChecked(AssessmentResult r, TextWriter output)
    {
        var unknown = NotChecked(r);
        if (unknown.Count == 0 && r.CollectionErrors.Count == 0)
        {
            return;
        }

        output.WriteLine($"<p>Coverage: {E(r.CoverageBasis)}</p>");
        if (r.CollectionErrors.Count > 0)
        {
            output.WriteLine("<p>Collection errors reported by the collector:</p><ul>");
            foreach (var e in r.CollectionErrors)
            {
                output.WriteLine($"<li>{E(e.Id)} <code>{E(e.Source)}</code>{(e.Target is { } t ? $" on {E(t)}" : "")}: {E(e.Message)}</li>");
            }

            output.WriteLine("</ul>");
        }

        if (unknown.Count > 0)
        {
            output.WriteLine("<table><tr><th>Rule</th><th>Why it is Unknown</th><th>Missing data</th><th>How to collect it</th></tr>");
            foreach (var f in unknown)
            {
                var missing = f.MissingData is { Count: > 0 } m ? string.Join("<br>", m.Select(p => $"<code>{E(p)}</code>")) : "";
                var ids = f.CollectionErrorIds is { Count: > 0 } i ? $"<br><small>explained by {E(string.Join(", ", i))}</small>" : "";
                output.WriteLine($"<tr><td>{E(f.RuleId)}<br><small>{E(f.Severity.ToString())}</small></td><td>{E(f.Message)}</td><td>{missing}{ids}</td><td>{E(f.HowToCollect)}</td></tr>");
            }

            output.WriteLine("</table>");
        }
    }

    // ---- Console table ----

    public static void ConsoleCollectionErrors(AssessmentResult r, IAnsiConsole console)
    {
        if (IsStale(r))
        {
            console.MarkupLine($"[yellow]Snapshot is {Markup.Escape(AgeText(r))}.[/]");
        }

        if (r.CollectionErrors.Count == 0)
        {
            return;
        }

        var table = new Table().Title("[bold]Collection errors (why data is missing)[/]").AddColumns("Id", "Source", "Target", "Message");
        foreach (var e in r.CollectionErrors)
        {
            table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Source), Markup.Escape(e.Target ?? ""), Markup.Escape(e.Message));
        }

        console.Write(table);
        console.MarkupLine($"[grey]{Markup.Escape(r.CoverageBasis)}[/]");
    }
}
