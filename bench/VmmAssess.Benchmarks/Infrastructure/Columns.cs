using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using VmmAssess.Benchmarks.Evaluation;

namespace VmmAssess.Benchmarks.Infrastructure;

/// <summary>Size of the snapshot JSON a benchmark case reads (from its Hosts parameter).</summary>
public sealed class JsonSizeColumn : IColumn
{
    private static readonly ConcurrentDictionary<int, int> Sizes = new();

    public static int SizeOf(int hosts) => Sizes.GetOrAdd(hosts, h => EvaluationBenchmarks.SnapshotJson(h).Length);

    internal static int? HostsOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(EvaluationBenchmarks.Hosts))?.Value as int?;

    public string Id => nameof(JsonSizeColumn);
    public string ColumnName => "JSON";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Params;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => "Size of the snapshot's UTF-8 JSON";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        HostsOf(benchmarkCase) is { } hosts ? (SizeOf(hosts) / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB" : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Bytes allocated per operation divided by the JSON size (target for parse+validate+evaluate: below 3).</summary>
public sealed class AllocationPerJsonByteColumn : IColumn
{
    public string Id => nameof(AllocationPerJsonByteColumn);
    public string ColumnName => "Alloc/JSON";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Metric;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Allocated bytes per operation / JSON bytes";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        var hosts = JsonSizeColumn.HostsOf(benchmarkCase);
        if (report is null || hosts is null || report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is not { } bytes)
        {
            return "-";
        }

        return (bytes / (double)JsonSizeColumn.SizeOf(hosts.Value)).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
