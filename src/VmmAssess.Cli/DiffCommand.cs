using System.CommandLine;
using System.Text.Json;
using VmmAssess.Cli.Reports;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Cli;

/// <summary>`vmmassess diff`: what changed between two collections of one environment (docs/workflow.md).</summary>
internal static class DiffCommand
{
    public static Command Create(CliEnvironment env)
    {
        var older = new Argument<string>("old") { Description = "The earlier snapshot, or a result saved by `assess --format json` (it keeps its rule pack)." };
        var newer = new Argument<string>("new") { Description = "The later snapshot, or a saved result." };
        var format = CliApplication.FormatOption("table", ["table", "json", "markdown"]);
        var target = new Option<string?>("--target") { Description = "Assess both snapshots for this VMM version instead of their targetVersion." };
        target.AcceptOnlyFromAmong("2016", "2019", "2022", "2025");
        var waivers = new Option<FileInfo?>("--waivers") { Description = "A waiver file (accepted risks) applied to each side assessed from a snapshot (a saved result keeps its own)." };
        var asOf = new Option<string?>("--as-of") { Description = "Judge waiver expiry at this time (ISO 8601, e.g. 2027-01-15T09:00:00Z) instead of now." };
        var width = new Option<int?>("--width") { Description = "Width of the table in columns (default: the terminal's, else COLUMNS, else 160)." };
        var command = new Command("diff", "Compare two assessments of one environment: new, resolved and changed findings, readiness before and after.")
        {
            older, newer, format, target, waivers, asOf, width,
        };
        command.SetAction(parse =>
        {
            var waiverSet = WaiverSet.Read(parse.GetValue(waivers), parse.GetValue(asOf), env);
            TargetVersion? targetOverride = VersionNames.TryParseTarget(parse.GetValue(target), out var t) ? t : null;
            var now = env.Clock.GetUtcNow();
            AssessmentResult Evaluate(Snapshot s) => AssessmentEvaluator.Default.Evaluate(s, now, targetOverride);
            var inputs = new[] { parse.GetValue(older)!, parse.GetValue(newer)! }
                .Select(p => SnapshotFiles.Resolve([p], recursive: false) is [var single] ? single : throw new UsageException($"'{p}': diff compares two files, not folders."))
                .Select(p => AssessmentInputs.Read(p, Evaluate))
                .ToArray();
            var invalid = inputs.Where(i => i.Invalid is not null).ToList();
            foreach (var input in invalid)
            {
                CliApplication.WriteErrors(env.Stderr, input.Invalid!);
            }

            if (invalid.Count > 0)
            {
                var jsonMode = CliApplication.JsonMode(parse.Tokens.Select(t => t.Value).ToArray());
                return CliApplication.Fail(env, jsonMode, ExitCodes.InvalidSnapshot, "invalid-snapshot",
                    $"{string.Join(", ", invalid.Select(i => i.Path))}: not a valid snapshot or saved result; nothing compared.");
            }

            var (before, after) = (inputs[0].With(waiverSet), inputs[1].With(waiverSet));
            if (before.CollectedAt > after.CollectedAt)
            {
                throw new UsageException(
                    $"'{inputs[0].Path}' was collected {WaiverSet.Time(before.CollectedAt)}, after '{inputs[1].Path}' ({WaiverSet.Time(after.CollectedAt)}): give the older one first.");
            }

            if (before.TenantId != after.TenantId || before.EnvironmentId != after.EnvironmentId)
            {
                env.Stderr.WriteLine($"warning: comparing two environments: {before.TenantId}/{before.EnvironmentId} and {after.TenantId}/{after.EnvironmentId}.");
            }

            waiverSet?.Explain([after], env.Stderr);

            var delta = AssessmentComparison.Compare(before, after);
            switch (parse.GetValue(format))
            {
                case "json":
                    env.Stdout.WriteLine(JsonSerializer.Serialize(delta, WorkflowJsonContext.Indented.AssessmentDelta));
                    break;
                case "markdown":
                    ChangeReport.Markdown(after, delta, env.Stdout, "#");
                    break;
                default:
                    ChangeReport.Table(after, delta, CliApplication.Console(env.Stdout, width: CliApplication.TableWidth(parse.GetValue(width), env)));
                    break;
            }

            return ExitCodes.Assessed;
        });
        return command;
    }
}
