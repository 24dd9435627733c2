using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Application.Processing;
using VmmAssess.Functions.Infrastructure.Payloads;
using VmmAssess.Functions.Infrastructure.Tables;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.StorageBenchmarks;

/// <summary>
/// <c>--rows</c>: the CPU cost of turning one assessment result into table entities, without a server, for the
/// portfolio mix, 500 and 5,000 hosts: stored layout v1 as version 1 built it (summary plus one row per finding, each
/// a JSON array gzip-compressed at <c>CompressionLevel.Optimal</c> through a new MemoryStream) against layout v2 (the
/// whole result as one document serialized straight into gzip over a pooled buffer) at each zlib level, with the
/// stored bytes, so the level is chosen by measurement.
/// </summary>
public static class RowBuilding
{
    private static readonly int[] Levels = [1, 2, 3, 4, 6, 9];

    public static void Run()
    {
        foreach (var (name, snapshots) in new[]
        {
            ("portfolio mix (150 x 5-60 hosts)", SnapshotFactory.Portfolio(150, 30, seed: 11).ToArray()),
            ("500 hosts (30)", Enumerable.Range(0, 30).Select(i => SnapshotFactory.Create(500, new GeneratorOptions { Seed = 100 + i, TenantId = "tenant-00", EnvironmentId = $"big-{i:D3}" })).ToArray()),
            ("5,000 hosts (8)", Enumerable.Range(0, 8).Select(i => SnapshotFactory.Create(5000, new GeneratorOptions { Seed = 100 + i, TenantId = "tenant-00", EnvironmentId = $"big-{i:D3}" })).ToArray()),
        })
        {
            var results = snapshots.Select(s => EvidenceLimits.Apply(AssessmentEvaluator.Default.Evaluate(s, s.CollectedAt))).ToArray();
            Console.WriteLine($"{name}: {results.Average(r => r.Findings.Count):0.#} findings per assessment");
            var variants = new List<(string Name, Func<AssessmentResult, List<TableEntity>> Build)>
            {
                ("v1 as before: summary + 1 row per finding, Optimal, new MemoryStream each", VersionOne),
            };
            variants.AddRange(Levels.Select(level => ($"v2 level {level}: one document, pooled buffer{(level == Payload.DocumentCompressionLevel ? " (the app's level)" : "")}", (Func<AssessmentResult, List<TableEntity>>)(r => VersionTwo(r, level)))));
            variants.Add(("v1 built and read back", r => ReadBack(VersionOne(r))));
            variants.Add(($"v2 level {Payload.DocumentCompressionLevel} built and read back", r => ReadBack(VersionTwo(r, Payload.DocumentCompressionLevel))));

            // Rounds alternate the variants (a shared machine drifts); CPU time of the process, median of the rounds.
            var times = variants.Select(_ => new List<double>()).ToArray();
            foreach (var (_, build) in variants)
            {
                Run(results, build, 100);
            }

            for (var round = 0; round < 7; round++)
            {
                for (var v = 0; v < variants.Count; v++)
                {
                    times[v].Add(Run(results, variants[v].Build, 150));
                }
            }

            var v1 = Median(times[0]);
            for (var v = 0; v < variants.Count; v++)
            {
                var rows = results.Select(variants[v].Build).ToArray();
                var bytes = rows.Average(r => r.Sum(e => e.Select(p => p.Value).OfType<byte[]>().Sum(b => (double)b.Length)));
                Console.WriteLine($"  {variants[v].Name,-80} {Median(times[v]),8:0.0} us CPU per assessment ({v1 / Median(times[v]):0.0}x v1), {bytes,8:N0} B in binary columns, {rows.Average(r => r.Count):0.#} entities");
            }
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Builds results for about <paramref name="milliseconds"/>; the process's CPU time per build in µs.</summary>
    private static double Run(AssessmentResult[] results, Func<AssessmentResult, List<TableEntity>> build, int milliseconds)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var done = 0;
        while (watch.ElapsedMilliseconds < milliseconds || done < results.Length)
        {
            build(results[done++ % results.Length]);
        }

        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalMicroseconds / done;
    }

    private static List<TableEntity> VersionOne(AssessmentResult result)
    {
        var header = new TableEntity("tenant", "a|" + result.SnapshotId.ToString("D"));
        BinaryColumns.Write(header, "S", Payload.Gzip(JsonSerializer.SerializeToUtf8Bytes(result with { Findings = [] }, StoredJsonContext.Default.AssessmentResult)));
        var rows = new List<TableEntity> { header };
        for (var i = 0; i < result.Findings.Count; i++)
        {
            var finding = result.Findings[i];
            var entity = new TableEntity("tenant", $"a|{result.SnapshotId:D}|f|{i:D4}")
            {
                ["Kind"] = "finding",
                ["RuleId"] = finding.RuleId,
                ["Status"] = finding.Status.ToString(),
                ["Severity"] = finding.Severity.ToString(),
            };
            BinaryColumns.Write(entity, "D", Payload.Gzip(JsonSerializer.SerializeToUtf8Bytes(finding, StoredJsonContext.Default.Finding)));
            rows.Add(entity);
        }

        return rows;
    }

    private static List<TableEntity> VersionTwo(AssessmentResult result, int level)
    {
        var header = new TableEntity("tenant", "a|" + result.SnapshotId.ToString("D"));
        if (level == Payload.DocumentCompressionLevel)
        {
            return [header, .. RowMapping.WriteResult(header, result)];
        }

        using var gzip = Payload.GzipJson(result, StoredJsonContext.Default.AssessmentResult, level);
        BinaryColumns.Write(header, "S", gzip.WrittenSpan);
        return [header];
    }

    private static List<TableEntity> ReadBack(List<TableEntity> rows)
    {
        var findings = rows.Skip(1).Select(r => RowMapping.ReadDocument(r, "D", StoredJsonContext.Default.Finding)!).ToArray();
        rows[0]["FindingCount"] = findings.Length;
        _ = RowMapping.ReadResult(rows[0], findings);
        return rows;
    }
}
