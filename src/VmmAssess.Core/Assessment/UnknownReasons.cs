using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Assessment;

/// <summary>A collection error of the snapshot as the result carries it, with an id that Unknown findings refer to.</summary>
public sealed record ReportedCollectionError(string Id, string Source, string? Target, string Message);

/// <summary>
/// Says why a finding is Unknown: which of the rule's data paths are missing from the snapshot, which collection
/// errors explain them, and how to collect the data (support data: collection-guide.json). Pure: it reads the
/// snapshot as the contract's JSON, so the paths are the ones integrators see.
/// </summary>
public sealed class UnknownReasons
{
    private readonly IReadOnlyList<GuideEntry> guide;

    /// <summary>The most specific guide entry of each data path asked about (the paths are fixed rule metadata).</summary>
    private readonly ConcurrentDictionary<string, GuideEntry?> entries = new(StringComparer.Ordinal);

    private UnknownReasons(IReadOnlyList<GuideEntry> guide) => this.guide = guide;

    private GuideEntry? EntryFor(string path) =>
        entries.GetOrAdd(path, static (p, all) => all.Where(g => g.Path != "$" && Covers(g.Path, p)).MaxBy(g => g.Path.Length), guide);

    public static UnknownReasons Default { get; } = Load();

    public static IReadOnlyList<ReportedCollectionError> Report(Snapshot snapshot) =>
        (snapshot.CollectionErrors ?? []).Where(e => e is not null)
            .Select((e, i) => new ReportedCollectionError($"CE{i + 1}", e.Source, e.Target, e.Message)).ToArray();

    /// <summary>A reader of one snapshot; the snapshot is turned into JSON once, on the first question.</summary>
    public Reader For(Snapshot snapshot, IReadOnlyList<ReportedCollectionError> errors) => new(this, snapshot, errors);

    public sealed class Reader(UnknownReasons owner, Snapshot snapshot, IReadOnlyList<ReportedCollectionError> errors)
    {
        public (IReadOnlyList<string> Missing, IReadOnlyList<string> ErrorIds, string? HowToCollect) Explain(IReadOnlyList<string> dataPaths)
        {
            var missing = dataPaths.Where(p => ModelPaths.IsMissing(snapshot, CoreJsonContext.Default.Snapshot, ParsedPaths.GetOrAdd(p, Parse), 0)).ToArray();
            if (missing.Length == 0)
            {
                return ([], [], null);
            }

            var linked = errors.Where(e => owner.guide.Any(g => g.Sources.Contains(e.Source, StringComparer.OrdinalIgnoreCase) && missing.Any(m => Covers(g.Path, m))))
                .ToArray();
            var howTo = new List<string>();
            foreach (var path in missing)
            {
                var entry = owner.EntryFor(path);
                if (entry is not null && !howTo.Contains(entry.HowTo))
                {
                    howTo.Add(entry.HowTo);
                }
            }

            // A failure that stops the whole collection (module missing, VMM unreachable) explains every gap: say so first.
            foreach (var global in owner.guide.Where(g => g.Path == "$" && linked.Any(e => g.Sources.Contains(e.Source, StringComparer.OrdinalIgnoreCase))))
            {
                howTo.Insert(0, global.HowTo);
            }

            return (missing, linked.Select(e => e.Id).ToArray(), howTo.Count == 0 ? null : string.Join(" ", howTo));
        }
    }

    /// <summary>True when <paramref name="prefix"/> is <paramref name="path"/> or one of its ancestors (segment-wise).</summary>
    internal static bool Covers(string prefix, string path) =>
        prefix == "$" || path == prefix || (path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] is '.' or '[');

    internal readonly record struct Segment(string Name, bool Each, string? FilterField, string? FilterValue);

    /// <summary>A rule's data paths are fixed metadata: each is parsed once per process, not for every Unknown finding of
    /// every assessment (it was a fifth of a small snapshot's end-to-end time).</summary>
    private static readonly ConcurrentDictionary<string, Segment[]> ParsedPaths = new(StringComparer.Ordinal);

    private static Segment[] Parse(string path)
    {
        if (!path.StartsWith("$.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Data path '{path}' must start with '$.'.");
        }

        var parts = new List<Segment>();
        foreach (var raw in path[2..].Split('.'))
        {
            var bracket = raw.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                parts.Add(new Segment(raw, false, null, null));
                continue;
            }

            var name = raw[..bracket];
            var inner = raw[(bracket + 1)..^1];
            if (inner == "*")
            {
                parts.Add(new Segment(name, true, null, null));
            }
            else if (inner.StartsWith('?') && inner.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                parts.Add(new Segment(name, true, inner[1..eq], inner[(eq + 1)..]));
            }
            else
            {
                throw new InvalidOperationException($"Data path '{path}' has an unsupported selector '[{inner}]'.");
            }
        }

        return parts.ToArray();
    }

    internal static void Validate(IEnumerable<string> dataPaths)
    {
        foreach (var path in dataPaths)
        {
            _ = Parse(path);
        }
    }

    private static UnknownReasons Load()
    {
        const string resource = "VmmAssess.Core.SupportData.collection-guide.json";
        using var stream = typeof(UnknownReasons).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded support data '{resource}' is missing.");
        var entries = JsonSerializer.Deserialize(stream, GuideJsonContext.Default.IReadOnlyListGuideEntry)
            ?? throw new InvalidOperationException("The collection guide is empty.");
        return new UnknownReasons(entries);
    }
}

internal sealed record GuideEntry(string Path, IReadOnlyList<string> Sources, string HowTo);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<GuideEntry>))]
internal sealed partial class GuideJsonContext : JsonSerializerContext;
