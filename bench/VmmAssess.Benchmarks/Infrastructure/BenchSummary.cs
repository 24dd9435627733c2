using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Reports;
using VmmAssess.Benchmarks.Evaluation;

namespace VmmAssess.Benchmarks.Infrastructure;

/// <summary>
/// The evaluation figures of one run as JSON (issue 17), for machines to read: per size, the floor, ours end to end
/// (all rules) and its allocation; the 14 seed rules, ours and RulesEngine. Means in nanoseconds, from the same run.
/// </summary>
public static class BenchSummary
{
    public static void Write(IEnumerable<Summary> summaries, string path)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null).ToArray();
        var sizes = reports.Select(r => JsonSizeColumn.HostsOf(r.BenchmarkCase)).OfType<int>().Distinct().Order().ToArray();

        BenchmarkReport? Find(int hosts, string method) => reports.FirstOrDefault(r =>
            JsonSizeColumn.HostsOf(r.BenchmarkCase) == hosts && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

        double? Mean(int hosts, string method) => Find(hosts, method)?.ResultStatistics?.Mean is { } mean ? Math.Round(mean, 1) : null;

        var endToEnd = new JsonArray();
        var seedRules = new JsonArray();
        foreach (var hosts in sizes)
        {
            var ours = Find(hosts, nameof(EvaluationBenchmarks.ParseValidateOursAll));
            endToEnd.Add(new JsonObject
            {
                ["hosts"] = hosts,
                ["jsonBytes"] = JsonSizeColumn.SizeOf(hosts),
                ["floorNs"] = Mean(hosts, nameof(EvaluationBenchmarks.Floor)),
                ["oursAllRulesNs"] = Mean(hosts, nameof(EvaluationBenchmarks.ParseValidateOursAll)),
                ["oursAllocatedBytes"] = ours?.GcStats.GetBytesAllocatedPerOperation(ours.BenchmarkCase),
            });
            seedRules.Add(new JsonObject
            {
                ["hosts"] = hosts,
                ["oursNs"] = Mean(hosts, nameof(EvaluationBenchmarks.OursSeedRules)),
                ["rulesEngineNs"] = Mean(hosts, nameof(EvaluationBenchmarks.RulesEngineSeedRules)),
            });
        }

        var document = new JsonObject { ["endToEnd"] = endToEnd, ["seedRules"] = seedRules };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
    }
}
