using System.Text;
using VmmAssess.Cli.Reports;

namespace VmmAssess.Cli;

internal enum ReportFormat { Table, Json, Markdown, Html, Csv, ObjectsCsv }

internal static class ReportFormats
{
    public static readonly string[] Names = ["table", "json", "markdown", "html", "csv", "objects-csv"];

    /// <summary>"json,html,csv" to its formats in the order given, or null and why not.</summary>
    public static IReadOnlyList<ReportFormat>? Parse(string value, out string? error)
    {
        var formats = new List<ReportFormat>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var index = Array.FindIndex(Names, n => string.Equals(n, part, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                error = $"'{part}' is not a format; use {string.Join(", ", Names)} (several separated by commas).";
                return null;
            }

            if (!formats.Contains((ReportFormat)index))
            {
                formats.Add((ReportFormat)index);
            }
        }

        error = formats.Count == 0 ? "--format names no format." : null;
        return formats.Count == 0 ? null : formats;
    }

    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Json => ".json",
        ReportFormat.Markdown => ".md",
        ReportFormat.Html => ".html",
        ReportFormat.Csv => ".csv",
        ReportFormat.ObjectsCsv => ".objects.csv",
        _ => ".txt",
    };
}

/// <summary>What the reports need besides the results: the HTML report's cover, CSV's byte order mark, the table's width.</summary>
internal sealed record ReportOptions(string? CustomerName, string? PreparedBy, Logo? Logo, bool Bom, int? Width)
{
    public static ReportOptions None { get; } = new(null, null, null, false, null);
}

/// <summary>
/// Where each report goes: standard output, one file (-o) or one file per format (--output-dir). Nothing is written until
/// every destination has been checked: never an input snapshot (it may be the only copy from an air-gapped site), never a
/// folder, an existing file only with --force.
/// </summary>
internal sealed class OutputPlan
{
    private readonly IReadOnlyList<ReportFormat> formats;
    private readonly FileInfo? file;
    private readonly DirectoryInfo? folder;
    private readonly bool force;
    private readonly IReadOnlyList<string> inputs;

    private OutputPlan(IReadOnlyList<ReportFormat> formats, FileInfo? file, DirectoryInfo? folder, bool force, IReadOnlyList<string> inputs)
    {
        this.formats = formats;
        this.file = file;
        this.folder = folder;
        this.force = force;
        this.inputs = inputs;
    }

    public static OutputPlan Create(IReadOnlyList<ReportFormat> formats, FileInfo? file, DirectoryInfo? folder, bool force, IReadOnlyList<string> inputs)
    {
        if (file is not null && folder is not null)
        {
            throw new UsageException("--output and --output-dir cannot be used together: --output names one file, --output-dir a folder for one file per format.");
        }

        if (formats.Count > 1 && folder is null)
        {
            throw new UsageException($"Several formats ({string.Join(",", formats.Select(f => ReportFormats.Names[(int)f]))}) need --output-dir: one file per format.");
        }

        if (folder is not null && File.Exists(folder.FullName))
        {
            throw new UsageException($"--output-dir '{folder.FullName}' is a file, not a folder.");
        }

        var plan = new OutputPlan(formats, file, folder, force, inputs);
        if (file is not null)
        {
            plan.Check(file.FullName);
        }

        return plan;
    }

    public void Write(Portfolio portfolio, Portfolio uncapped, ReportOptions options, CliEnvironment env)
    {
        if (file is null && folder is null)
        {
            Render(formats[0], portfolio, uncapped, options, env.Stdout, toFile: false);
            return;
        }

        var destinations = file is not null
            ? [(formats[0], file.FullName)]
            : formats.Select(f => (Format: f, Path: Path.Combine(folder!.FullName, BaseName(portfolio) + ReportFormats.Extension(f)))).ToList();
        foreach (var (_, path) in destinations)
        {
            Check(path);
        }

        foreach (var (format, path) in destinations)
        {
            WriteFile(path, writer => Render(format, portfolio, uncapped, options, writer, toFile: true));
            env.Stderr.WriteLine($"Report written to {path}");
        }
    }

    private static void Render(ReportFormat format, Portfolio portfolio, Portfolio uncapped, ReportOptions options, TextWriter writer, bool toFile)
    {
        switch (format)
        {
            case ReportFormat.Json: JsonReport.Write(portfolio, writer); break;
            case ReportFormat.Markdown: MarkdownReport.Write(portfolio, writer); break;
            case ReportFormat.Html: HtmlReport.Write(portfolio, options, writer); break;
            case ReportFormat.Csv: CsvReport.Write(portfolio, options.Bom, writer); break;
            case ReportFormat.ObjectsCsv: ObjectsCsvReport.Write(uncapped, options.Bom, writer); break;
            default: TableReport.Write(portfolio, CliApplication.Console(writer, colors: !toFile, width: options.Width)); break;
        }
    }

    private void Check(string path)
    {
        var full = Canonical(path);
        if (inputs.Any(input => SamePath(Canonical(input), full)))
        {
            throw new UsageException($"'{path}' is one of the input snapshots; the report must go to another file.");
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"'{path}' is a folder; name a file with --output, or use --output-dir for a folder.");
        }

        if (File.Exists(path) && !force)
        {
            throw new UsageException($"'{path}' already exists; add --force to replace it.");
        }
    }

    /// <summary>Written beside the destination first, then moved in, so a failure never leaves half a report or half a file replaced.</summary>
    private void WriteFile(string path, Action<TextWriter> render)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
            {
                render(writer);
            }

            File.Move(temporary, path, overwrite: force);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string BaseName(Portfolio portfolio)
    {
        var name = portfolio.IsSingle ? $"vmmassess-{portfolio.Assessments[0].TenantId}-{portfolio.Assessments[0].EnvironmentId}" : "vmmassess-portfolio";
        var invalid = Path.GetInvalidFileNameChars();
        return new string(name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c).ToArray());
    }

    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary>A logo for the HTML report's cover, embedded as a data: URI so the report stays one self-contained file.</summary>
internal sealed record Logo(string MediaType, byte[] Bytes)
{
    public const int MaxBytes = 512 * 1024;

    public static Logo? Read(FileInfo? file)
    {
        if (file is null)
        {
            return null;
        }

        if (!file.Exists)
        {
            throw new UsageException($"--logo '{file.FullName}' does not exist.");
        }

        if (file.Length > MaxBytes)
        {
            throw new UsageException($"--logo '{file.FullName}' is {file.Length} bytes; the limit is {MaxBytes}.");
        }

        var bytes = File.ReadAllBytes(file.FullName);
        var mediaType = bytes switch
        {
            [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
            _ when file.Extension.Equals(".svg", StringComparison.OrdinalIgnoreCase) => "image/svg+xml",
            _ => throw new UsageException($"--logo '{file.FullName}' is not a PNG, JPEG, GIF or SVG image."),
        };
        return new Logo(mediaType, bytes);
    }

    public string DataUri => $"data:{MediaType};base64,{Convert.ToBase64String(Bytes)}";
}
