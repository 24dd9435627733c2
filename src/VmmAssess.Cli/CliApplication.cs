using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VmmAssess.Cli.Reports;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Cli;

/// <summary>The `vmmassess` command line: the same engine as the Functions app, with nothing but .NET.</summary>
public static class CliApplication
{
    private static readonly string[] Formats = ["table", "json", "markdown", "html", "csv"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        var root = new RootCommand("Assess System Center VMM deployments for an upgrade: blockers, losses and required steps.");
        root.Subcommands.Add(AssessCommand(stdout, stderr, clock));
        root.Subcommands.Add(ValidateCommand(stdout, stderr));
        root.Subcommands.Add(RulesCommand(stdout));
        root.Subcommands.Add(ExplainCommand(stdout, stderr));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is UsageException or IOException or UnauthorizedAccessException)
        {
            // Bad paths and unreadable files are the caller's to fix: a one-line message, no stack trace.
            stderr.WriteLine($"error: {ex.Message}");
            return ExitCodes.UsageError;
        }
    }

    private static Command AssessCommand(TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        var path = new Argument<string>("file-or-folder") { Description = "A snapshot (.json, optionally gzip-compressed) or a folder of them." };
        var target = new Option<string?>("--target") { Description = "Assess for this VMM version instead of the snapshot's targetVersion." };
        target.AcceptOnlyFromAmong("2016", "2019", "2022", "2025");
        var format = FormatOption("table", Formats);
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("assess", "Assess a snapshot, or every snapshot in a folder with a portfolio summary.") { path, target, format, output };
        command.SetAction(parse =>
        {
            var selectedFormat = parse.GetValue(format)!;
            TargetVersion? targetOverride = VersionNames.TryParseTarget(parse.GetValue(target), out var t) ? t : null;
            var files = SnapshotFiles.Resolve(parse.GetValue(path)!).Select(SnapshotFiles.Read).ToList();
            if (files.Count == 0)
            {
                throw new UsageException($"'{parse.GetValue(path)}' contains no .json snapshot.");
            }

            var assessedAt = clock.GetUtcNow();
            var assessments = files.Where(f => f.Result.IsValid)
                .Select(f => AssessmentEvaluator.Default.Evaluate(f.Result.Snapshot!, assessedAt, targetOverride))
                .ToList();
            var invalid = files.Where(f => !f.Result.IsValid).ToList();
            foreach (var file in invalid)
            {
                WriteErrors(stderr, file);
            }

            if (assessments.Count == 0 && invalid.Count == 1)
            {
                // A single invalid snapshot: stdout carries only the machine-readable error in json mode, nothing otherwise.
                if (selectedFormat == "json")
                {
                    stdout.WriteLine(JsonSerializer.Serialize(new ValidationReport(invalid[0].Path, false, invalid[0].Result.Errors), CliJsonContext.Default.ValidationReport));
                }

                return ExitCodes.InvalidSnapshot;
            }

            var portfolio = new Portfolio(assessments, invalid);
            WriteReport(portfolio, selectedFormat, parse.GetValue(output), stdout);
            return invalid.Count > 0 ? ExitCodes.InvalidSnapshot : ExitCodes.Assessed;
        });
        return command;
    }

    private static Command ValidateCommand(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("file") { Description = "The snapshot to check against contract v1." };
        var format = FormatOption("text", ["text", "json"]);
        var command = new Command("validate", "Check a snapshot against the contract; every problem is named with its JSON path.") { path, format };
        command.SetAction(parse =>
        {
            var file = SnapshotFiles.Read(SnapshotFiles.Resolve(parse.GetValue(path)!) is [var single] ? single
                : throw new UsageException("validate takes one file."));
            if (parse.GetValue(format) == "json")
            {
                stdout.WriteLine(JsonSerializer.Serialize(new ValidationReport(file.Path, file.Result.IsValid, file.Result.Errors), CliJsonContext.Default.ValidationReport));
            }
            else if (file.Result.IsValid)
            {
                stdout.WriteLine($"{file.Path}: valid snapshot (tenant {file.Result.Snapshot!.TenantId}, environment {file.Result.Snapshot.EnvironmentId}).");
            }

            if (!file.Result.IsValid)
            {
                WriteErrors(stderr, file);
                return ExitCodes.InvalidSnapshot;
            }

            return ExitCodes.Assessed;
        });
        return command;
    }

    private static Command RulesCommand(TextWriter stdout)
    {
        var format = FormatOption("table", ["table", "json"]);
        var command = new Command("rules", "List the rule catalog.") { format };
        command.SetAction(parse =>
        {
            var descriptors = RuleCatalog.Default.Descriptors;
            if (parse.GetValue(format) == "json")
            {
                stdout.WriteLine(JsonSerializer.Serialize(descriptors, CoreJsonContext.Indented.IReadOnlyListRuleDescriptor));
                return ExitCodes.Assessed;
            }

            var console = Console(stdout);
            var table = new Table().Title($"Rule pack {RuleCatalog.Default.RulePackVersion}").AddColumns("Id", "Severity", "Category", "Targets", "Title");
            foreach (var d in descriptors)
            {
                table.AddRow(d.Id, d.Severity.ToString(), d.Category.ToString(), string.Join(", ", d.Targets.Select(t => t.ToWire())), Markup.Escape(d.Title));
            }

            console.Write(table);
            return ExitCodes.Assessed;
        });
        return command;
    }

    private static Command ExplainCommand(TextWriter stdout, TextWriter stderr)
    {
        var ruleId = new Argument<string>("ruleId") { Description = "A rule id such as VMM-VMW-001." };
        var command = new Command("explain", "Show what a rule checks, why, how to fix it and Microsoft's sources.") { ruleId };
        command.SetAction(parse =>
        {
            var id = parse.GetValue(ruleId)!;
            if (RuleCatalog.Default.Find(id) is not { } rule)
            {
                stderr.WriteLine($"error: no rule '{id}'. Run `vmmassess rules` for the catalog.");
                return ExitCodes.UsageError;
            }

            stdout.WriteLine($"{rule.Id}: {rule.Title}");
            stdout.WriteLine($"Severity: {rule.Severity}   Category: {rule.Category}   Targets: {string.Join(", ", rule.Targets.Select(t => t.ToWire()))}");
            stdout.WriteLine();
            stdout.WriteLine(rule.Description);
            stdout.WriteLine();
            stdout.WriteLine($"Remediation: {rule.Remediation}");
            stdout.WriteLine();
            stdout.WriteLine("Sources:");
            foreach (var reference in rule.References)
            {
                stdout.WriteLine($"  - {reference.Title}: {reference.Url}");
            }

            return ExitCodes.Assessed;
        });
        return command;
    }

    private static Option<string> FormatOption(string defaultValue, string[] allowed)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", allowed) + ".",
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    private static void WriteReport(Portfolio portfolio, string format, FileInfo? output, TextWriter stdout)
    {
        using var file = output is null ? null : new StreamWriter(output.FullName, append: false, new System.Text.UTF8Encoding(false));
        var writer = (TextWriter?)file ?? stdout;
        switch (format)
        {
            case "json": JsonReport.Write(portfolio, writer); break;
            case "markdown": MarkdownReport.Write(portfolio, writer); break;
            case "html": HtmlReport.Write(portfolio, writer); break;
            case "csv": CsvReport.Write(portfolio, writer); break;
            default: TableReport.Write(portfolio, Console(writer, colors: file is null)); break;
        }

        if (output is not null)
        {
            stdout.WriteLine($"Report written to {output.FullName}");
        }
    }

    private static void WriteErrors(TextWriter stderr, SnapshotFile file)
    {
        stderr.WriteLine($"{file.Path}: invalid snapshot ({file.Result.Errors.Count} problem(s)):");
        foreach (var error in file.Result.Errors)
        {
            stderr.WriteLine($"  {error}");
        }
    }

    private static IAnsiConsole Console(TextWriter writer, bool colors = true) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = colors && writer == System.Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = colors && writer == System.Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });
}
