using System.CommandLine;
using System.Text.Json;
using VmmAssess.Cli.Reports;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Cli;

/// <summary>`vmmassess assess`: snapshots in, one or several reports out, an exit code a scheduled job can key on.</summary>
internal static class AssessCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = new Argument<string[]>("snapshots")
        {
            Description = "Snapshot files (.json, optionally gzip-compressed), folders (their *.json and *.json.gz) or wildcard patterns such as snapshots/*.json.",
            Arity = ArgumentArity.OneOrMore,
        };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Search the folders' subfolders too." };
        var target = new Option<string?>("--target") { Description = "Assess for this VMM version instead of the snapshot's targetVersion; it must be later than the version that runs." };
        target.AcceptOnlyFromAmong("2016", "2019", "2022", "2025");
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format, or several separated by commas with --output-dir: " + string.Join(", ", ReportFormats.Names) + ".",
            DefaultValueFactory = _ => "table",
        };
        format.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && ReportFormats.Parse(result.Tokens[^1].Value, out var error) is null)
            {
                result.AddError(error!);
            }
        });
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of standard output (missing folders are created)." };
        var outputDir = new Option<DirectoryInfo?>("--output-dir", "-d") { Description = "Write one file per format into this folder (created if missing), named after the tenant and environment." };
        var force = new Option<bool>("--force") { Description = "Replace output files that already exist (never an input snapshot)." };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = $"Exit with code {ExitCodes.ReadinessThreshold} when an assessment is at or below this readiness: notready, unknown (not ready or unknown) or conditions (anything but ready).",
        };
        failOn.AcceptOnlyFromAmong("notready", "unknown", "conditions");
        var fullEvidence = new Option<bool>("--full-evidence") { Description = "Keep every affected object in each finding (the default keeps 50 and counts the rest)." };
        var bom = new Option<bool>("--bom") { Description = "Start CSV output with a UTF-8 byte order mark, so Excel reads non-ASCII names correctly." };
        var customer = new Option<string?>("--customer-name") { Description = "The customer the HTML report is prepared for (title and cover)." };
        var preparedBy = new Option<string?>("--prepared-by") { Description = "Who prepared the HTML report, e.g. the MSP's name." };
        var logo = new Option<FileInfo?>("--logo") { Description = "A PNG, JPEG, GIF or SVG logo embedded in the HTML report (at most 512 KiB)." };
        var width = new Option<int?>("--width") { Description = "Width of the table report in columns (default: the terminal's, else COLUMNS, else 160)." };
        width.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && (!int.TryParse(result.Tokens[^1].Value, out var w) || w < 40 || w > 1000))
            {
                result.AddError("--width must be a whole number of columns from 40 to 1000.");
            }
        });

        var baseline = new Option<string[]>("--baseline")
        {
            Description = "Earlier snapshots or saved results (files or folders; repeat the option for several): each assessment gains what changed since the latest of the same environment collected before it.",
            Arity = ArgumentArity.OneOrMore,
        };
        var waivers = new Option<FileInfo?>("--waivers") { Description = "A waiver file (accepted risks, docs/workflow.md): a waived failing finding is marked and does not count toward readiness." };
        var asOf = new Option<string?>("--as-of") { Description = "Judge waiver expiry at this time (2027-01-15 or 2027-01-15T09:00:00Z) instead of now." };

        var command = new Command("assess", "Assess snapshots: one gives its report, several give a portfolio summary and a report for each.")
        {
            inputs, recursive, target, format, output, outputDir, force, failOn, fullEvidence, bom, customer, preparedBy, logo, width, baseline, waivers, asOf,
        };
        command.SetAction(parse =>
        {
            var formats = ReportFormats.Parse(parse.GetValue(format)!, out _)!;
            var jsonMode = CliApplication.JsonMode(parse.Tokens.Select(t => t.Value).ToArray());
            var files = SnapshotFiles.Resolve(parse.GetValue(inputs)!, parse.GetValue(recursive));
            var plan = OutputPlan.Create(formats, parse.GetValue(output), parse.GetValue(outputDir), parse.GetValue(force), files);
            var options = new ReportOptions(
                parse.GetValue(customer), parse.GetValue(preparedBy), Logo.Read(parse.GetValue(logo)), parse.GetValue(bom), CliApplication.TableWidth(parse.GetValue(width), env));
            TargetVersion? targetOverride = VersionNames.TryParseTarget(parse.GetValue(target), out var t) ? t : null;
            var waiverSet = WaiverSet.Read(parse.GetValue(waivers), parse.GetValue(asOf), env);
            var baselineFiles = parse.GetValue(baseline) is { Length: > 0 } b ? SnapshotFiles.Resolve(b, parse.GetValue(recursive)) : [];

            var read = files.Select(SnapshotFiles.Read).ToList();
            var valid = read.Where(f => f.Result.IsValid).ToList();
            if (targetOverride is { } requested)
            {
                RefuseDowngrades(valid, requested);
            }

            foreach (var file in valid)
            {
                // A misspelt section ("hots") is allowed by the contract but leaves the assessment without that inventory.
                foreach (var warning in UnknownProperties.Find(file.Utf8Json!))
                {
                    env.Stderr.WriteLine($"warning: {file.Path}: {warning}");
                }
            }

            var invalid = read.Where(f => !f.Result.IsValid).ToList();
            foreach (var file in invalid)
            {
                CliApplication.WriteErrors(env.Stderr, file);
            }

            if (valid.Count == 0 && invalid.Count == 1)
            {
                // A single invalid snapshot: stdout carries only the machine-readable error in json mode, nothing otherwise.
                if (jsonMode)
                {
                    env.Stdout.WriteLine(JsonSerializer.Serialize(new ValidationReport(invalid[0].Path, false, invalid[0].Result.Errors), CliJsonContext.Default.ValidationReport));
                }

                return ExitCodes.InvalidSnapshot;
            }

            var assessedAt = env.Clock.GetUtcNow();
            // The objects export never caps; the other formats cap at 50 per finding unless --full-evidence asks for all.
            var wantsFull = parse.GetValue(fullEvidence);
            var evaluator = wantsFull ? FullEvidence : AssessmentEvaluator.Default;
            var results = Evaluate(valid, evaluator, assessedAt, targetOverride);
            var uncapped = wantsFull || !formats.Contains(ReportFormat.ObjectsCsv) ? results : Evaluate(valid, FullEvidence, assessedAt, targetOverride);
            if (waiverSet is not null)
            {
                results = results.Select(waiverSet.Apply).ToList();
                uncapped = uncapped.Select(waiverSet.Apply).ToList();
                waiverSet.Explain(results, env.Stderr);
            }

            if (baselineFiles.Count > 0)
            {
                var baselines = ReadBaselines(baselineFiles, s => evaluator.Evaluate(s, assessedAt, targetOverride), waiverSet);
                results = results.Select(r => WithChanges(r, baselines, env.Stderr)).ToList();
            }

            plan.Write(new Portfolio(results, invalid), new Portfolio(uncapped, invalid), options, env);

            if (invalid.Count > 0)
            {
                return ExitCodes.InvalidSnapshot;
            }

            return parse.GetValue(failOn) is { } threshold && results.Any(a => MeetsThreshold(a.Readiness, threshold))
                ? ExitCodes.ReadinessThreshold
                : ExitCodes.Assessed;
        });
        return command;
    }

    /// <summary>Baselines are assessed like the inputs (same rule pack, target, evidence cap and waivers) unless saved results, which keep theirs.</summary>
    private static List<AssessmentResult> ReadBaselines(IReadOnlyList<string> files, Func<Snapshot, AssessmentResult> evaluate, WaiverSet? waivers)
    {
        var baselines = new List<AssessmentResult>(files.Count);
        foreach (var input in files.Select(f => AssessmentInputs.Read(f, evaluate)))
        {
            if (input.Invalid is { } invalid)
            {
                throw new UsageException($"--baseline '{input.Path}' is not a valid snapshot: {string.Join("; ", invalid.Result.Errors.Take(5))}");
            }

            baselines.Add(input.With(waivers));
        }

        return baselines;
    }

    private static AssessmentResult WithChanges(AssessmentResult result, List<AssessmentResult> baselines, TextWriter stderr)
    {
        if (AssessmentComparison.PreviousOf(baselines, result) is { } previous)
        {
            return result with { Changes = AssessmentComparison.Compare(previous, result) };
        }

        stderr.WriteLine($"warning: no baseline of {result.TenantId}/{result.EnvironmentId} collected before {WaiverSet.Time(result.CollectedAt)}; its report has no changes.");
        return result;
    }

    private static readonly AssessmentEvaluator FullEvidence =
        new(RuleCatalog.Default, SupportMatrix.Default, Checklist.Default) { MaxEvidencePerFinding = int.MaxValue };

    private static List<AssessmentResult> Evaluate(List<SnapshotFile> files, AssessmentEvaluator evaluator, DateTimeOffset assessedAt, TargetVersion? target) =>
        files.Select(f => evaluator.Evaluate(f.Result.Snapshot!, assessedAt, target)).ToList();

    internal static bool MeetsThreshold(Readiness readiness, string threshold) => threshold switch
    {
        "notready" => readiness == Readiness.NotReady,
        "unknown" => readiness is Readiness.NotReady or Readiness.Unknown,
        _ => readiness != Readiness.Ready,
    };

    /// <summary>An "upgrade" to the version that runs, or an older one, would give advice to install an older release.</summary>
    private static void RefuseDowngrades(List<SnapshotFile> files, TargetVersion target)
    {
        _ = VersionNames.TryParseProduct(target.ToWire(), out var targetProduct);
        foreach (var file in files)
        {
            if (file.Result.Snapshot!.Vmm?.Product is { } current && current >= targetProduct)
            {
                var later = Enum.GetValues<TargetVersion>().Where(v => VersionNames.TryParseProduct(v.ToWire(), out var p) && p > current).Select(v => v.ToWire()).ToList();
                throw new UsageException(
                    $"{file.Path}: --target {target.ToWire()} is not an upgrade: {file.Result.Snapshot.TenantId}/{file.Result.Snapshot.EnvironmentId} already runs {current.DisplayName()}. " +
                    (later.Count > 0 ? $"Choose a later version ({string.Join(", ", later)})." : "No later version is assessed."));
            }
        }
    }
}
