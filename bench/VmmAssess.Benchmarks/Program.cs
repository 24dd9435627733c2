using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using VmmAssess.Benchmarks.Evaluation;
using VmmAssess.Benchmarks.Infrastructure;
using VmmAssess.Benchmarks.Memory;

namespace VmmAssess.Benchmarks;

/// <summary>
/// Entry point. Modes (see docs/performance.md):
/// <list type="bullet">
/// <item><c>--short</c>: CI smoke run of the evaluation benchmark (in-process, 1 warm-up, 3 iterations; well under two minutes).</item>
/// <item><c>--verify</c>: checks that the RulesEngine baseline reaches the same verdicts as our rules.</item>
/// <item><c>--memory</c>: peak working set while processing the 5,000-host snapshot (in a fresh child process).</item>
/// <item><c>--pipeline</c> / <c>--portfolio</c>: the Azurite comparisons (start Azurite themselves).</item>
/// <item>anything else: BenchmarkDotNet's switcher with the full job, e.g. <c>--filter *Evaluation*</c>.</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--verify"))
        {
            return await EquivalenceCheck.RunAsync(Console.Out).ConfigureAwait(false);
        }

        if (args.Contains("--memory"))
        {
            return PeakWorkingSet.Run(args, Console.Out);
        }

        var shortMode = args.Contains("--short");
        var rest = args.Where(a => a != "--short").ToArray();
        var config = Config(shortMode);
        var summaries = shortMode
            ? [BenchmarkRunner.Run<EvaluationBenchmarks>(config)]
            : BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config).ToArray();
        var failed = summaries.Sum(s => s.Reports.Count(r => !r.Success)) + summaries.Count(s => s.HasCriticalValidationErrors);
        Console.WriteLine(failed == 0 ? "Benchmarks completed." : $"{failed} benchmark(s) failed.");
        return failed == 0 ? 0 : 1;
    }

    private static ManualConfig Config(bool shortMode)
    {
        var job = shortMode
            // In-process: no generated project to build, so the smoke run fits CI's budget on two shared cores.
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Short")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Full");
        return DefaultConfig.Instance
            .AddJob(job)
            .AddColumn(new JsonSizeColumn(), new AllocationPerJsonByteColumn(), StatisticColumn.Median, BaselineRatioColumn.RatioMean)
            .WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }
}
