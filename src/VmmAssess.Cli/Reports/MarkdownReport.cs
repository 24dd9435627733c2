using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Cli.Reports;

internal static class MarkdownReport
{
    public static void Write(Portfolio portfolio, TextWriter output)
    {
        if (!portfolio.IsSingle)
        {
            output.WriteLine("# VMM upgrade readiness: portfolio");
            output.WriteLine();
            output.WriteLine("| Tenant | Environment | Upgrade | Readiness | Blockers | Warnings | Actions | Coverage |");
            output.WriteLine("|---|---|---|---|---:|---:|---:|---:|");
            foreach (var a in portfolio.Assessments)
            {
                output.WriteLine($"| {Escape(a.TenantId)} | {Escape(a.EnvironmentId)} | {ReportText.Source(a)} → {ReportText.Target(a)} | {ReportText.Readiness(a.Readiness)} | {a.Counts.Blockers}{(a.Counts.WaivedBlockers > 0 ? $" (+{a.Counts.WaivedBlockers} waived)" : "")} | {a.Counts.Warnings} | {a.Counts.Actions} | {ReportText.Percent(a.Coverage)} |");
            }

            foreach (var invalid in portfolio.Invalid)
            {
                output.WriteLine($"| — | {Escape(Path.GetFileName(invalid.Path))} | — | Invalid snapshot | | | | |");
            }

            output.WriteLine();
        }

        foreach (var result in portfolio.Assessments)
        {
            WriteAssessment(result, output, portfolio.IsSingle ? "#" : "##");
        }
    }

    private static void WriteAssessment(AssessmentResult result, TextWriter output, string heading)
    {
        output.WriteLine($"{heading} {Escape(result.TenantId)} / {Escape(result.EnvironmentId)}: {ReportText.Readiness(result.Readiness)}");
        output.WriteLine();
        output.WriteLine($"- Upgrade: {ReportText.Source(result)} → {ReportText.Target(result)} ({Escape(result.UpgradePath.Summary)})");
        output.WriteLine($"- Coverage: {ReportText.Percent(result.Coverage)} of applicable rules had the data they need");
        output.WriteLine($"- Failing: {result.Counts.Blockers} blocker(s), {result.Counts.Warnings} warning(s), {result.Counts.Actions} action(s); {result.Counts.Unknown} unknown{ChangeReport.WaivedSuffix(result.Counts)}");
        output.WriteLine($"- Snapshot {result.SnapshotId} collected {result.CollectedAt:O}; rule pack {result.RulePackVersion}");
        output.WriteLine($"- Snapshot age: {Escape(ReportSections.AgeText(result))}");
        output.WriteLine();
        if (result.Changes is { } changes)
        {
            output.WriteLine($"{heading}# Changes since the baseline");
            output.WriteLine();
            ChangeReport.MarkdownBody(changes, output);
        }

        ReportSections.MarkdownUpgradePlan(result, output, heading);
        var attention = ReportText.NeedingAttention(result).ToList();
        if (attention.Count > 0)
        {
            output.WriteLine($"{heading}# Findings");
            output.WriteLine();
            foreach (var finding in attention)
            {
                output.WriteLine($"**{finding.Status}{(finding.Waiver is null ? "" : " (waived)")} · {finding.Severity} · {finding.RuleId}: {Escape(finding.Title)}**");
                output.WriteLine();
                if (finding.Waiver is { } waiver)
                {
                    output.WriteLine($"_{Escape(ChangeReport.Waiver(waiver))}_");
                    output.WriteLine();
                }

                output.WriteLine(Escape(finding.Message));
                output.WriteLine();
                foreach (var evidence in finding.Evidence)
                {
                    output.WriteLine($"- `{Escape(evidence.Object)}` {Escape(evidence.Property)}: {Escape(evidence.Actual ?? "(missing)")} (expected {Escape(evidence.Expected ?? "-")})");
                }

                if (finding.Status == FindingStatus.Fail)
                {
                    output.WriteLine();
                    output.WriteLine($"Remediation: {Escape(finding.Remediation)}");
                }

                output.WriteLine();
                output.WriteLine("Sources: " + string.Join(", ", finding.References.Select(r => $"[{Escape(r.Title)}]({r.Url})")));
                output.WriteLine();
            }
        }

        ReportSections.MarkdownNotChecked(result, output, heading);
        output.WriteLine($"{heading}# Checklist");
        output.WriteLine();
        foreach (var item in result.Checklist)
        {
            output.WriteLine($"- [ ] {(item.Phase == ChecklistPhase.BeforeUpgrade ? "Before" : "After")}: {Escape(item.Text)}");
        }

        output.WriteLine();
    }

    internal static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
