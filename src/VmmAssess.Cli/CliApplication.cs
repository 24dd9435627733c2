using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Cli;

/// <summary>Where the CLI meets the process: streams, the clock and the environment, so tests can drive it in-process.</summary>
public sealed record CliEnvironment(TextWriter Stdout, TextWriter Stderr, TimeProvider Clock, Func<string, string?> Variable)
{
    public static CliEnvironment System { get; } = new(Console.Out, Console.Error, TimeProvider.System, Environment.GetEnvironmentVariable);
}

/// <summary>The `vmmassess` command line: the same engine as the Functions app, with nothing but .NET.</summary>
public static class CliApplication
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider clock) =>
        Run(args, new CliEnvironment(stdout, stderr, clock, Environment.GetEnvironmentVariable));

    public static int Run(string[] args, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        var root = new RootCommand("Assess System Center VMM deployments for an upgrade: blockers, losses and required steps.");
        root.Subcommands.Add(AssessCommand.Create(env));
        root.Subcommands.Add(DiffCommand.Create(env));
        root.Subcommands.Add(ValidateCommand.Create(env));
        root.Subcommands.Add(RulesCommand(env));
        root.Subcommands.Add(ExplainCommand(env.Stdout, env.Stderr));
        var jsonMode = JsonMode(args);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The help text is for people: on a usage error stdout gets nothing (or, in JSON mode, a JSON error document).
            var command = parse.CommandResult.Command;
            var name = command == root ? "vmmassess" : "vmmassess " + command.Name;
            return Fail(env, jsonMode, ExitCodes.UsageError, "usage",
                string.Join(Environment.NewLine, parse.Errors.Select(e => e.Message)),
                $"Run '{name} --help' for usage.");
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = env.Stdout, Error = env.Stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is UsageException or IOException or UnauthorizedAccessException)
        {
            // Bad paths and unreadable files are the caller's to fix: a one-line message, no stack trace.
            return Fail(env, jsonMode, ExitCodes.UsageError, ex is UsageException ? "usage" : "io", ex.Message);
        }
    }

    /// <summary>The message on stderr; in JSON mode also a JSON error document on stdout, so a script's parser never sees text.</summary>
    internal static int Fail(CliEnvironment env, bool jsonMode, int exitCode, string kind, string message, string? hint = null)
    {
        foreach (var line in message.Split(Environment.NewLine))
        {
            env.Stderr.WriteLine($"error: {line}");
        }

        if (hint is not null)
        {
            env.Stderr.WriteLine(hint);
        }

        if (jsonMode)
        {
            env.Stdout.WriteLine(JsonSerializer.Serialize(new ErrorDocument(new ErrorDetail(kind, message, exitCode)), Reports.CliJsonContext.Default.ErrorDocument));
        }

        return exitCode;
    }

    /// <summary>
    /// Whether stdout is to carry JSON: `--format json` with no output file. Read from the raw arguments so that it holds
    /// even when parsing fails.
    /// </summary>
    internal static bool JsonMode(IReadOnlyList<string> args)
    {
        string? format = null;
        var toFile = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--format" or "-f" && i + 1 < args.Count)
            {
                format = args[i + 1];
            }
            else if (arg.StartsWith("--format=", StringComparison.Ordinal) || arg.StartsWith("--format:", StringComparison.Ordinal))
            {
                format = arg["--format=".Length..];
            }
            else if (arg is "-o" or "--output" or "--output-dir" || arg.StartsWith("--output", StringComparison.Ordinal))
            {
                toFile = true;
            }
        }

        return !toFile && string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
    }

    private static Command RulesCommand(CliEnvironment env)
    {
        var stdout = env.Stdout;
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

            var console = Console(stdout, width: TableWidth(null, env));
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

    /// <summary>--width, else COLUMNS, else the terminal's own width, else wide enough that redirected output keeps whole names.</summary>
    internal static int? TableWidth(int? requested, CliEnvironment env)
    {
        if (requested is not null)
        {
            return requested;
        }

        if (int.TryParse(env.Variable("COLUMNS"), out var columns) && columns >= 40)
        {
            return columns;
        }

        return env.Stdout == System.Console.Out && !System.Console.IsOutputRedirected ? null : 160;
    }

    internal static Option<string> FormatOption(string defaultValue, string[] allowed)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", allowed) + ".",
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    internal static void WriteErrors(TextWriter stderr, SnapshotFile file)
    {
        stderr.WriteLine($"{file.Path}: invalid snapshot ({file.Result.Errors.Count} problem(s)):");
        foreach (var error in file.Result.Errors)
        {
            stderr.WriteLine($"  {error}");
        }
    }

    /// <summary>A console on <paramref name="writer"/>: colours only on a real terminal, and the width asked for (else the terminal's).</summary>
    internal static IAnsiConsole Console(TextWriter writer, bool colors = true, int? width = null)
    {
        var terminal = colors && writer == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (width is { } columns)
        {
            console.Profile.Width = columns;
        }

        return console;
    }
}

internal sealed record ErrorDetail(string Kind, string Message, int ExitCode);

/// <summary>What stdout carries in JSON mode when the command could not run: `{"error": {"kind", "message", "exitCode"}}`.</summary>
internal sealed record ErrorDocument(ErrorDetail Error);
