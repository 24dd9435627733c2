using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.Benchmarks.Evaluation;

/// <summary>
/// Issue 7, item 1. Two groups, each with its baseline in the same run:
/// <list type="bullet">
/// <item><c>SeedRules</c>: the 14 seed rules over the same parsed snapshot, Microsoft RulesEngine (baseline) vs our
/// evaluator with a catalog of just those rules.</item>
/// <item><c>EndToEnd</c>: the floor (a bare <see cref="Utf8JsonReader"/> scan of the bytes, the group's baseline, so
/// every ratio in the group is to it), then from UTF-8 bytes, parse + schema validation + deserialization, then evaluation: RulesEngine
/// with the 14 seed rules, ours with the same 14, ours with the whole catalog (the shipped product), and
/// parse + validate alone to show what evaluation adds.</item>
/// </list>
/// The snapshot is an upgrade from VMM 2012 R2 to 2016 of a highly available VMM, so every seed rule applies and does
/// its full work (PRO-001 applies to 2016 only; the HA rules only to HA deployments).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class EvaluationBenchmarks
{
    private static readonly DateTimeOffset AssessedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private byte[] json = [];
    private Snapshot snapshot = null!;
    private RulesEngineSeedRules rulesEngine = null!;

    [Params(10, 500, 5_000)]
    public int Hosts { get; set; }

    /// <summary>The snapshot every benchmark of a size reads; also used by the JSON-size column and --memory.</summary>
    public static byte[] SnapshotJson(int hosts) => SnapshotFactory.CreateUtf8(hosts, Options);

    public static GeneratorOptions Options { get; } = new() { Seed = 1, Source = VmmProduct.Vmm2012R2, HighlyAvailable = true };

    [GlobalSetup]
    public void Setup()
    {
        json = SnapshotJson(Hosts);
        var parsed = SnapshotParser.Parse(json);
        snapshot = parsed.Snapshot ?? throw new InvalidOperationException("The generated snapshot is invalid: " + string.Join("; ", parsed.Errors));
        rulesEngine = new RulesEngineSeedRules(SupportMatrix.Default);
        rulesEngine.EvaluateAsync(snapshot).AsTask().GetAwaiter().GetResult(); // compile and cache the workflow, as a long-lived engine would have
    }

    [Benchmark(Baseline = true, Description = "RulesEngine, 14 seed rules")]
    [BenchmarkCategory("SeedRules")]
    public ValueTask<IReadOnlyList<SeedFinding>> RulesEngineSeedRules() => rulesEngine.EvaluateAsync(snapshot);

    [Benchmark(Description = "Ours, 14 seed rules")]
    [BenchmarkCategory("SeedRules")]
    public AssessmentResult OursSeedRules() => SeedRules.OurEvaluator.Evaluate(snapshot, AssessedAt);

    /// <summary>
    /// The floor (issue 17): one <see cref="Utf8JsonReader"/> pass over the same bytes touching every token, allocating
    /// nothing. No engine that reads a snapshot can be faster; every end-to-end figure is reported as a ratio to it.
    /// </summary>
    [Benchmark(Baseline = true, Description = "Floor: Utf8JsonReader scan")]
    [BenchmarkCategory("EndToEnd")]
    public long Floor()
    {
        var reader = new Utf8JsonReader(json);
        long touched = 0;
        while (reader.Read())
        {
            touched += (int)reader.TokenType + reader.ValueSpan.Length;
        }

        return touched;
    }

    [Benchmark(Description = "Parse+validate, RulesEngine 14 rules")]
    [BenchmarkCategory("EndToEnd")]
    public async ValueTask<IReadOnlyList<SeedFinding>> ParseValidateRulesEngine() => await rulesEngine.EvaluateAsync(Parse()).ConfigureAwait(false);

    [Benchmark(Description = "Parse+validate, ours 14 rules")]
    [BenchmarkCategory("EndToEnd")]
    public AssessmentResult ParseValidateOursSeed() => SeedRules.OurEvaluator.Evaluate(Parse(), AssessedAt);

    [Benchmark(Description = "Parse+validate, ours all rules")]
    [BenchmarkCategory("EndToEnd")]
    public AssessmentResult ParseValidateOursAll() => AssessmentEvaluator.Default.Evaluate(Parse(), AssessedAt);

    [Benchmark(Description = "Parse+validate only")]
    [BenchmarkCategory("EndToEnd")]
    public Snapshot ParseValidate() => Parse();

    /// <summary>
    /// What <see cref="SnapshotParser"/> did before issue 17, and still does for a document it must report errors on:
    /// parse a document, walk it with the schema validator, deserialize the bytes again.
    /// </summary>
    [Benchmark(Description = "Parse+validate, three passes (before)")]
    [BenchmarkCategory("EndToEnd")]
    public Snapshot ParseValidateThreePasses()
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
        return SchemaValidator.SnapshotV1.Validate(document.RootElement).Count == 0
            ? JsonSerializer.Deserialize(json, CoreJsonContext.Default.Snapshot)!
            : throw new InvalidOperationException("The generated snapshot is invalid.");
    }

    private Snapshot Parse() => SnapshotParser.Parse(json).Snapshot!;
}
