using Spectre.Console;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Cli.Reports;

/// <summary>The console report: readiness first, then what needs attention (blockers first) with evidence.</summary>
internal static class TableReport
{
    public static void Write(Portfolio portfolio, IAnsiConsole console)
    {
        if (!portfolio.IsSingle)
        {
            var table = new Table().Title("[bold]VMM upgrade readiness: portfolio[/]")
                .AddColumns("Tenant", "Environment", "Upgrade", "Readiness", "Blockers", "Warnings", "Actions", "Coverage");
            foreach (var a in portfolio.Assessments)
            {
                table.AddRow(Markup.Escape(a.TenantId), Markup.Escape(a.EnvironmentId), Markup.Escape($"{ReportText.Source(a)} → {ReportText.Target(a)}"),
                    Readiness(a.Readiness), a.Counts.Blockers.ToString() + (a.Counts.WaivedBlockers > 0 ? $" (+{a.Counts.WaivedBlockers} waived)" : ""), a.Counts.Warnings.ToString(), a.Counts.Actions.ToString(), ReportText.Percent(a.Coverage));
            }

            foreach (var invalid in portfolio.Invalid)
            {
                table.AddRow("", Markup.Escape(Path.GetFileName(invalid.Path)), "", "[red]Invalid snapshot[/]", "", "", "", "");
            }

            console.Write(table);
            var summary = portfolio.Summary;
            console.MarkupLine($"{summary.Assessed} assessed, {summary.Invalid} invalid: " +
                string.Join(", ", Enum.GetValues<Readiness>().Select(r => $"{summary.ByReadiness[r.ToString()]} {ReportText.Readiness(r).ToLowerInvariant()}")));
            console.WriteLine();
        }

        foreach (var result in portfolio.Assessments)
        {
            WriteAssessment(result, console);
        }

        foreach (var invalid in portfolio.Invalid)
        {
            console.MarkupLine($"[red]{Markup.Escape(invalid.Path)}[/] is not a valid snapshot:");
            foreach (var error in invalid.Result.Errors)
            {
                console.MarkupLine($"  {Markup.Escape(error.ToString())}");
            }
        }
    }

    private static void WriteAssessment(AssessmentResult r, IAnsiConsole console)
    {
        console.Write(new Spectre.Console.Rule($"[bold]{Markup.Escape(r.TenantId)} / {Markup.Escape(r.EnvironmentId)}[/]").LeftJustified());
        console.MarkupLine($"Readiness: {Readiness(r.Readiness)}   Upgrade: {Markup.Escape(ReportText.Source(r))} → {Markup.Escape(ReportText.Target(r))}   Coverage: {ReportText.Percent(r.Coverage)}");
        console.MarkupLine($"Path: {Markup.Escape(r.UpgradePath.Summary)}");
        console.MarkupLine($"[grey]Snapshot {r.SnapshotId}, rule pack {Markup.Escape(r.RulePackVersion)}{(ReportSections.IsStale(r) ? "" : ", " + Markup.Escape(ReportSections.AgeText(r)))}[/]");
        if (r.Counts.Waived > 0)
        {
            console.MarkupLine($"[grey]Waived (accepted risks, not counted toward readiness): {r.Counts.Waived} finding(s), {r.Counts.WaivedBlockers} blocker(s).[/]");
        }

        if (r.Changes is { } changes)
        {
            console.MarkupLine($"Changes: {Markup.Escape(ChangeReport.Headline(changes))}");
            console.MarkupLine($"[grey]{Markup.Escape(ChangeReport.Basis(changes))}[/]");
            ChangeReport.ConsoleRows(changes, console);
        }

        ReportSections.ConsoleCollectionErrors(r, console);
        var attention = ReportText.NeedingAttention(r).ToList();
        if (attention.Count == 0)
        {
            console.MarkupLine("[green]No rule fails and every applicable rule had its data.[/]");
        }
        else
        {
            // Status, severity and rule id never wrap: a redirected report is searched for "VMM-SQL-001", not "VMM-SQL-0".
            var table = new Table().Expand()
                .AddColumn(new TableColumn("Status").NoWrap())
                .AddColumn(new TableColumn("Severity").NoWrap())
                .AddColumn(new TableColumn("Rule").NoWrap())
                .AddColumn(new TableColumn("Finding, evidence and (for blockers) the fix"));
            foreach (var f in attention)
            {
                var evidence = string.Join("\n", f.Evidence.Select(e => $"  • {e.Object} {e.Property}: {e.Actual ?? "(missing)"} (expected {e.Expected ?? "-"})"));
                var fix = f.Status == FindingStatus.Fail && f.Severity == Core.Rules.Severity.Blocker ? $"\n[bold]Fix:[/] {Markup.Escape(f.Remediation)}" : "";
                var waiver = f.Waiver is { } w ? $"\n[grey]{Markup.Escape(ChangeReport.Waiver(w))}[/]" : "";
                table.AddRow(
                    f.Waiver is not null ? "[grey]Waived[/]" : f.Status == FindingStatus.Fail ? "[red]Fail[/]" : "[grey]Unknown[/]",
                    Severity(f.Severity),
                    Markup.Escape(f.RuleId),
                    Markup.Escape(f.Message + (evidence.Length > 0 ? "\n" + evidence : "")) + waiver + fix);
            }

            console.Write(table);
        }

        console.MarkupLine($"Checklist: {r.Checklist.Count} step(s) before and after the upgrade (see --format markdown or html).");
        console.WriteLine();
    }

    private static string Readiness(Readiness readiness) => readiness switch
    {
        Core.Assessment.Readiness.NotReady => "[bold red]Not ready[/]",
        Core.Assessment.Readiness.Unknown => "[bold grey]Unknown[/]",
        Core.Assessment.Readiness.ReadyWithConditions => "[bold yellow]Ready with conditions[/]",
        _ => "[bold green]Ready[/]",
    };

    private static string Severity(Severity severity) => severity switch
    {
        Core.Rules.Severity.Blocker => "[red]Blocker[/]",
        Core.Rules.Severity.Warning => "[yellow]Warning[/]",
        Core.Rules.Severity.Action => "[blue]Action[/]",
        _ => "Info",
    };
}
