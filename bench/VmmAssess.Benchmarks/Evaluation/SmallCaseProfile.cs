using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Benchmarks.Evaluation;

/// <summary>
/// <c>--profile</c> (issue 17): where the time of a small assessment goes (10 and 50 hosts, the typical MSP snapshot),
/// phase by phase, each timed on its own over many repetitions (best of several rounds, so other load on the machine
/// counts as little as it can). Phases: the floor (a bare reader scan), the UTF-8 check, the one-pass read, the three
/// passes it replaces (document, schema walk, deserializer), and the evaluation split into its fixed part (an evaluator
/// with no rules: upgrade plan, collection errors, checklist, result assembly), the 14 seed rules and all rules.
/// </summary>
public static class SmallCaseProfile
{
    private static readonly DateTimeOffset AssessedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static int Run(TextWriter output)
    {
        var noRules = new AssessmentEvaluator(new RuleCatalog([], SupportMatrix.Default), SupportMatrix.Default, Checklist.Default);
        foreach (var hosts in new[] { 10, 50, 500 })
        {
            var json = EvaluationBenchmarks.SnapshotJson(hosts);
            var memory = new ReadOnlyMemory<byte>(json);
            var snapshot = SnapshotParser.Parse(json).Snapshot!;
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var phases = new (string Name, Func<object?> Work)[]
            {
                ("floor: Utf8JsonReader scan", () => Floor(json)),
                ("UTF-8 check", () => Utf8.IsValid(json)),
                ("SnapshotParser.Parse (as shipped)", () => SnapshotParser.Parse(memory)),
                ("three passes: JsonDocument.Parse", () => { using var d = JsonDocument.Parse(memory); return d.RootElement.ValueKind; }),
                ("three passes: schema walk", () => SchemaValidator.SnapshotV1.Validate(root)),
                ("three passes: deserializer", () => JsonSerializer.Deserialize(json, CoreJsonContext.Default.Snapshot)),
                ("evaluate, no rules (fixed part)", () => noRules.Evaluate(snapshot, AssessedAt)),
                ("  of which checklist", () => Checklist.Default.For(snapshot, snapshot.TargetVersion)),
                ("  of which upgrade plan", () => UpgradePlanner.Plan(snapshot.Vmm?.Product, snapshot.Vmm?.UpdateRollup, snapshot.TargetVersion, SupportMatrix.Default)),
                ("  of which collection errors", () => UnknownReasons.Default.For(snapshot, UnknownReasons.Report(snapshot))),
                ("evaluate, 14 seed rules", () => SeedRules.OurEvaluator.Evaluate(snapshot, AssessedAt)),
                ("evaluate, all rules", () => AssessmentEvaluator.Default.Evaluate(snapshot, AssessedAt)),
                ("end to end, all rules", () => AssessmentEvaluator.Default.Evaluate(SnapshotParser.Parse(memory).Snapshot!, AssessedAt)),
            };

            output.WriteLine($"{hosts} hosts ({json.Length:N0} bytes of JSON): best of {Rounds} rounds of ~2 ms");
            var floor = 0.0;
            foreach (var (name, work) in phases)
            {
                var (ns, bytes) = Measure(work);
                floor = floor == 0 ? ns : floor;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-38} {ns / 1000,9:0.00} µs  {ns / floor,6:0.00}× floor  {bytes,9:N0} B allocated"));
            }
        }

        // Allocation per rule on the largest estate (evaluated on its own through a one-rule catalog).
        var large = SnapshotParser.Parse(EvaluationBenchmarks.SnapshotJson(5_000)).Snapshot!;
        output.WriteLine("Per rule at 5,000 hosts, beyond the fixed part (a one-rule catalog; * = a seed rule):");
        var fixedBytes = Allocated(() => noRules.Evaluate(large, AssessedAt));
        var fixedNs = Measure(() => noRules.Evaluate(large, AssessedAt)).Nanoseconds;
        foreach (var rule in RuleCatalog.Default.Rules)
        {
            var one = new AssessmentEvaluator(new RuleCatalog([rule], SupportMatrix.Default), SupportMatrix.Default, Checklist.Default);
            var bytes = Allocated(() => one.Evaluate(large, AssessedAt)) - fixedBytes;
            var ns = Measure(() => one.Evaluate(large, AssessedAt)).Nanoseconds - fixedNs;
            var seed = SeedRules.Ids.Contains(rule.Metadata.Id) ? "*" : " ";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rule.Metadata.Id,-14}{seed} {ns / 1000,8:0.00} µs {bytes,10:N0} B"));
        }

        return 0;
    }

    private static long Allocated(Func<object?> work)
    {
        work();
        var before = GC.GetAllocatedBytesForCurrentThread();
        work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long Floor(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        long touched = 0;
        while (reader.Read())
        {
            touched += (int)reader.TokenType + reader.ValueSpan.Length;
        }

        return touched;
    }

    private static (double Nanoseconds, long Bytes) Measure(Func<object?> work)
    {
        // Warm up past tiering, then size a round to about 2 ms: many short rounds, of which the best is the one the
        // other processes on the machine disturbed least.
        var warm = Stopwatch.StartNew();
        var count = 0;
        while (warm.ElapsedMilliseconds < 300 || count < 200)
        {
            work();
            count++;
        }

        var iterations = Math.Max(1, (int)(count * 2.0 / warm.Elapsed.TotalMilliseconds));
        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                work();
            }

            watch.Stop();
            bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / iterations;
            best = Math.Min(best, watch.Elapsed.TotalNanoseconds / iterations);
        }

        return (best, bytes);
    }

    private const int Rounds = 60;
}
