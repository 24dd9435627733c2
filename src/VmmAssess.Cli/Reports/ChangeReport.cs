using System.Globalization;
using System.Net;
using Spectre.Console;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Cli.Reports;

/// <summary>Deltas and waivers as the reports show them: `diff`, and the changes section of `assess --baseline`.</summary>
internal static class ChangeReport
{
    /// <summary>"Not ready → Ready with conditions: 2 new, 3 resolved, 1 changed, 36 unchanged."</summary>
    public static string Headline(AssessmentDelta d) =>
        $"{(d.ReadinessBefore is { } before ? ReportText.Readiness(before) : "(no previous assessment)")} → {ReportText.Readiness(d.ReadinessAfter)}: " +
        $"{d.Summary.New} new, {d.Summary.Resolved} resolved, {d.Summary.Changed} changed, {d.Summary.Unchanged} unchanged" +
        (d.Summary.NewBlockers + d.Summary.ResolvedBlockers > 0 ? $" ({d.Summary.NewBlockers} new blocker(s), {d.Summary.ResolvedBlockers} resolved)." : ".");

    /// <summary>Since when, with which rule packs; a rule pack or target change is said plainly, since it moves findings by itself.</summary>
    public static string Basis(AssessmentDelta d)
    {
        if (d.CollectedAtBefore is not { } since)
        {
            return "No previous assessment: every open finding is new.";
        }

        var packs = d.RulePackChanged
            ? $"Rule pack changed from {d.RulePackBefore} to {d.RulePackAfter}: {d.Summary.NewFromAddedRules} new finding(s) come from rules the earlier pack did not have, {d.Summary.ResolvedByRemovedRules} went away with removed rules."
            : $"Rule pack {d.RulePackAfter} both times.";
        var target = d.TargetVersionBefore is { } t && t != d.TargetVersionAfter
            ? $" The target changed from {Core.SupportData.VersionNames.DisplayName(t)} to {Core.SupportData.VersionNames.DisplayName(d.TargetVersionAfter)}."
            : "";
        return $"Compared with the snapshot collected {Day(since)} (now {Day(d.CollectedAtAfter)}). {packs}{target}";
    }

    public static IEnumerable<FindingChange> Moved(AssessmentDelta d) => d.Changes.Where(c => c.Change != FindingChangeKind.Unchanged);

    public static string Status(FindingChange c) => $"{c.StatusBefore?.ToString() ?? "–"} → {c.StatusAfter?.ToString() ?? "–"}";

    /// <summary>"+HV05; −SQL01; ~HV03 (changed)"; capped finding lists say they are partial.</summary>
    public static string Objects(FindingChange c)
    {
        var parts = c.ObjectsAdded.Select(o => "+" + o).Concat(c.ObjectsRemoved.Select(o => "−" + o)).Concat(c.ObjectsChanged.Select(o => "~" + o)).ToList();
        var text = string.Join("; ", parts);
        return c.EvidenceTruncated ? (text.Length > 0 ? text + " " : "") + "(of the evidence kept)" : text;
    }

    public static string Severity(FindingChange c) => (c.SeverityAfter ?? c.SeverityBefore)?.ToString() ?? "";

    public static string Notes(FindingChange c)
    {
        var notes = new List<string>(3);
        if (c.Note is { } note)
        {
            notes.Add(note);
        }

        if (c.WaiverAfter is { } after && c.WaiverAfter != c.WaiverBefore)
        {
            notes.Add($"waived now ({after})");
        }
        else if (c.WaiverBefore is { } before && c.WaiverAfter is null)
        {
            notes.Add($"no longer waived (was {before})");
        }

        return string.Join(" ", notes);
    }

    /// <summary>"Waived until 2027-03-31 (W-2027-001): the reason."</summary>
    public static string Waiver(FindingWaiver w) =>
        $"Waived until {Day(w.ExpiresAt)} ({w.Id}): {w.Reason}";

    /// <summary>", 1 more waived (1 blocker)": never a waived blocker that nobody sees.</summary>
    public static string WaivedSuffix(FindingCounts counts) =>
        counts.Waived == 0 ? "" : $"; {counts.Waived} waived ({counts.WaivedBlockers} blocker(s))";

    internal static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---- Console ----

    public static void Table(AssessmentResult r, AssessmentDelta d, IAnsiConsole console)
    {
        console.Write(new Spectre.Console.Rule($"[bold]Changes: {Markup.Escape(r.TenantId)} / {Markup.Escape(r.EnvironmentId)}[/]").LeftJustified());
        console.MarkupLine(Markup.Escape(Headline(d)));
        console.MarkupLine($"[grey]{Markup.Escape(Basis(d))}[/]");
        ConsoleRows(d, console);
    }

    public static void ConsoleRows(AssessmentDelta d, IAnsiConsole console)
    {
        var moved = Moved(d).ToList();
        if (moved.Count == 0)
        {
            console.MarkupLine("No finding changed.");
            return;
        }

        var table = new Table().Expand()
            .AddColumn(new TableColumn("Change").NoWrap())
            .AddColumn(new TableColumn("Severity").NoWrap())
            .AddColumn(new TableColumn("Rule").NoWrap())
            .AddColumn(new TableColumn("Status").NoWrap())
            .AddColumn(new TableColumn("Objects and notes"));
        foreach (var c in moved)
        {
            var kind = c.Change switch
            {
                FindingChangeKind.New => "[red]New[/]",
                FindingChangeKind.Resolved => "[green]Resolved[/]",
                _ => "[yellow]Changed[/]",
            };
            var detail = string.Join("\n", new[] { c.Title, Objects(c), Notes(c) }.Where(s => s.Length > 0));
            table.AddRow(kind, Severity(c), Markup.Escape(c.RuleId), Markup.Escape(Status(c)), Markup.Escape(detail));
        }

        console.Write(table);
        console.MarkupLine($"[grey]{d.Summary.Unchanged} unchanged rule(s) not shown (--format json lists every rule).[/]");
    }

    // ---- Markdown ----

    public static void Markdown(AssessmentResult r, AssessmentDelta d, TextWriter output, string heading)
    {
        output.WriteLine($"{heading} Changes: {MarkdownReport.Escape(r.TenantId)} / {MarkdownReport.Escape(r.EnvironmentId)}");
        output.WriteLine();
        MarkdownBody(d, output);
    }

    public static void MarkdownBody(AssessmentDelta d, TextWriter output)
    {
        output.WriteLine(MarkdownReport.Escape(Headline(d)));
        output.WriteLine();
        output.WriteLine(MarkdownReport.Escape(Basis(d)));
        output.WriteLine();
        var moved = Moved(d).ToList();
        if (moved.Count == 0)
        {
            output.WriteLine("No finding changed.");
            output.WriteLine();
            return;
        }

        output.WriteLine("| Change | Severity | Rule | Status | Objects | Notes |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var c in moved)
        {
            output.WriteLine($"| {c.Change} | {Severity(c)} | {c.RuleId}: {MarkdownReport.Escape(c.Title)} | {Status(c)} | {MarkdownReport.Escape(Objects(c))} | {MarkdownReport.Escape(Notes(c))} |");
        }

        output.WriteLine();
        output.WriteLine($"{d.Summary.Unchanged} unchanged rule(s) not listed.");
        output.WriteLine();
    }

    // ---- HTML ----

    public static void Html(AssessmentResult r, TextWriter output)
    {
        var d = r.Changes!;
        output.WriteLine($"<p>{E(Headline(d))}</p><p class=\"note\">{E(Basis(d))}</p>");
        var moved = Moved(d).ToList();
        if (moved.Count == 0)
        {
            output.WriteLine("<p>No finding changed.</p>");
            return;
        }

        output.WriteLine("<table><colgroup><col style=\"width:11%\"><col style=\"width:10%\"><col style=\"width:24%\"><col style=\"width:15%\"><col></colgroup>");
        output.WriteLine("<thead><tr><th scope=\"col\">Change</th><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Status</th><th scope=\"col\">Objects and notes</th></tr></thead><tbody>");
        foreach (var c in moved)
        {
            var objects = Objects(c);
            var notes = Notes(c);
            output.WriteLine($"<tr><td>{c.Change}</td><td>{E(Severity(c))}</td><th scope=\"row\"><span class=\"id\">{E(c.RuleId)}</span><br><span class=\"note\">{E(c.Title)}</span></th>"
                + $"<td>{E(Status(c))}</td><td>{(objects.Length > 0 ? $"<p>{E(objects)}</p>" : "")}{(notes.Length > 0 ? $"<p class=\"note\">{E(notes)}</p>" : "")}</td></tr>");
        }

        output.WriteLine("</tbody></table>");
        output.WriteLine($"<p class=\"note\">{d.Summary.Unchanged} unchanged rule(s) not listed.</p>");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
