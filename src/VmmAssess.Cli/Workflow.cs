using System.Globalization;
using System.Text.Json;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.Workflow;

namespace VmmAssess.Cli;

/// <summary>One input of `diff` or `--baseline`: a snapshot (assessed now, with the current rule pack) or a saved result.</summary>
/// <param name="Saved">A saved result: it keeps its rule pack and the waivers it was saved with.</param>
internal sealed record AssessmentInput(string Path, AssessmentResult? Result, SnapshotFile? Invalid, bool Saved = false)
{
    /// <summary>The result with <paramref name="waivers"/> applied when it was assessed here; a saved result as it was saved.</summary>
    public AssessmentResult With(WaiverSet? waivers) => waivers is null || Saved ? Result! : waivers.Apply(Result!);
}

/// <summary>Reads comparison inputs: snapshots, or results saved by `assess --format json` (one environment each).</summary>
internal static class AssessmentInputs
{
    /// <summary>
    /// A saved result keeps the rule pack that produced it, so a delta against it shows what a rule pack release changed;
    /// a snapshot is assessed with this CLI's rule pack, so a delta between two snapshots shows the environment's changes only.
    /// </summary>
    public static AssessmentInput Read(string path, Func<Snapshot, AssessmentResult> evaluate)
    {
        if (SavedResult(path) is { } saved)
        {
            return new AssessmentInput(path, saved, null, Saved: true);
        }

        var file = SnapshotFiles.Read(path);
        return file.Result.IsValid ? new AssessmentInput(path, evaluate(file.Result.Snapshot!), null) : new AssessmentInput(path, null, file);
    }

    /// <summary>The file as a saved assessment result: a JSON object with rulePackVersion and findings (a snapshot has neither).</summary>
    private static AssessmentResult? SavedResult(string path)
    {
        var info = new FileInfo(path);
        if (info.Length is 0 or > SnapshotFiles.MaxBytes)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes is [0x1f, 0x8b, ..] || SnapshotFiles.WideEncoding(bytes) is not null)
        {
            return null;
        }

        try
        {
            using (var document = JsonDocument.Parse(bytes))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rulePackVersion", out _) || !root.TryGetProperty("findings", out _))
                {
                    return null;
                }

                if (root.TryGetProperty("assessments", out _))
                {
                    throw new UsageException($"'{path}' is a portfolio report; save one environment's result (`assess <snapshot> --format json`) to compare with it.");
                }
            }

            var result = JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.AssessmentResult)
                ?? throw new UsageException($"'{path}' is not an assessment result.");
            return result.Findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
                ? throw new UsageException($"'{path}' has two findings for {twice.Key}; a saved result has one per rule.")
                : result;
        }
        catch (JsonException ex)
        {
            // Not JSON at all, or not a result: read it as a snapshot, whose parser names the problem with its path.
            return ex.Path is null or "$" ? null : throw new UsageException($"'{path}' looks like a saved assessment result but {ex.Path} is not what `assess --format json` writes: {ex.Message}");
        }
    }
}

/// <summary>`--waivers` and `--as-of`: the accepted risks and the time their expiry is judged at.</summary>
internal sealed record WaiverSet(IReadOnlyList<Waiver> Waivers, DateTimeOffset AsOf)
{
    public static WaiverSet? Read(FileInfo? file, string? asOf, CliEnvironment env)
    {
        if (file is null)
        {
            return asOf is null ? null : throw new UsageException("--as-of judges waiver expiry: it needs --waivers.");
        }

        var time = asOf is null ? env.Clock.GetUtcNow() : ParseTime(asOf);
        if (!file.Exists)
        {
            throw new UsageException($"--waivers '{file.FullName}' does not exist.");
        }

        var result = WaiverDocument.Parse(File.ReadAllBytes(file.FullName), RuleCatalog.Default);
        if (!result.IsValid)
        {
            throw new UsageException($"{file.FullName}: invalid waiver file ({result.Errors.Count} problem(s)):{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e)));
        }

        return new WaiverSet(result.Waivers, time);
    }

    /// <summary>ISO 8601 with an offset (2027-01-15T09:00:00Z), or a date, read as midnight UTC.</summary>
    internal static DateTimeOffset ParseTime(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var t = text.IndexOf('T', StringComparison.Ordinal);
        var hasOffset = t > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > t);
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new UsageException($"--as-of '{text}' is not a date (2027-01-15) or an ISO 8601 time with an offset (2027-01-15T09:00:00Z).");
    }

    public AssessmentResult Apply(AssessmentResult result) => WaiverApplication.Apply(result, Waivers, AsOf);

    /// <summary>Waivers of the assessed tenants that have expired (or not started) at the as-of time: said once, so nobody wonders why one does not apply.</summary>
    public void Explain(IEnumerable<AssessmentResult> results, TextWriter stderr)
    {
        var tenants = results.Select(r => r.TenantId).ToHashSet(StringComparer.Ordinal);
        foreach (var w in Waivers.Where(w => tenants.Contains(w.TenantId) && !w.IsLiveAt(AsOf)))
        {
            stderr.WriteLine(w.ExpiresAt <= AsOf
                ? $"note: waiver {w.Id} ({w.RuleId}) expired {Time(w.ExpiresAt)}; not applied (as of {Time(AsOf)})."
                : $"note: waiver {w.Id} ({w.RuleId}) starts {Time(w.CreatedAt)}; not applied (as of {Time(AsOf)}).");
        }
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
