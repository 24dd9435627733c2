using System.Security.Cryptography;
using System.Text.Json;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.Benchmarks.Evaluation;

/// <summary>
/// <c>--dump</c>: one line per assessment (name, SHA-256 of the result's JSON at a fixed assessedAt, or the parse errors),
/// over the samples, generated estates of every benchmark size, a 200-environment portfolio and every target. Run it on
/// two versions of the code and diff the output: a performance change must leave every line as it was.
/// </summary>
public static class ResultDump
{
    private static readonly DateTimeOffset AssessedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static int Run(string samplesDirectory, TextWriter output)
    {
        var documents = new List<(string Name, byte[] Json)>();
        foreach (var path in Directory.GetFiles(samplesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            documents.Add((Path.GetFileName(path), File.ReadAllBytes(path)));
        }

        foreach (var hosts in new[] { 10, 50, 500, 5_000 })
        {
            documents.Add(($"generated {hosts}", EvaluationBenchmarks.SnapshotJson(hosts)));
            documents.Add(($"generated {hosts} seed 7", SnapshotFactory.CreateUtf8(hosts, 7)));
        }

        var index = 0;
        foreach (var snapshot in SnapshotFactory.Portfolio(200, 40, 3))
        {
            documents.Add(($"portfolio {index++}", JsonSerializer.SerializeToUtf8Bytes(snapshot, CoreJsonContext.Default.Snapshot)));
        }

        foreach (var (name, json) in documents)
        {
            var parsed = SnapshotParser.Parse(json);
            if (!parsed.IsValid)
            {
                output.WriteLine($"{name}: invalid {string.Join("; ", parsed.Errors)}");
                continue;
            }

            foreach (var target in new TargetVersion?[] { null, TargetVersion.Vmm2016, TargetVersion.Vmm2019, TargetVersion.Vmm2022, TargetVersion.Vmm2025 })
            {
                var result = AssessmentEvaluator.Default.Evaluate(parsed.Snapshot!, AssessedAt, target);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(result, CoreJsonContext.Default.AssessmentResult);
                output.WriteLine($"{name} target {target?.ToString() ?? "as collected"}: {Convert.ToHexString(SHA256.HashData(bytes))[..16]} {bytes.Length}");
            }
        }

        return 0;
    }
}
