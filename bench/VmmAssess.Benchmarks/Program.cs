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
/// <item><c>--dump [SAMPLES]</c>: a hash of every result over samples, generated estates and targets, to diff two versions.</item>
/// <item><c>--profile</c>: where the time of a small assessment goes, phase by phase (10, 50 and 500 hosts).</item>
/// <item><c>--memory</c>: peak working set while processing the 5,000-host snapshot (in a fresh child process).</item>
/// <item><c>--pipeline</c> / <c>--portfolio</c>: the Azurite comparisons (start Azurite themselves).</item>
/// <item>anything else: BenchmarkDotNet's switcher with the full job, e.g. <c>--filter *Evaluation*</c>; with
/// <c>--in-process</c> the full job runs in this process (when the machine is too loaded for BenchmarkDotNet to build
/// its generated project within its timeout).</item>
/// <item><c>--summary PATH</c> (with <c>--short</c> or the full job): also writes the evaluation figures as JSON (issue 17).</item>
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

        if (Array.IndexOf(args, "--dump") is var dump and >= 0)
        {
            return ResultDump.Run(dump + 1 < args.Length ? args[dump + 1] : "samples/snapshots", Console.Out);
        }

        if (args.Contains("--profile"))
        {
            return SmallCaseProfile.Run(Console.Out);
        }

        if (args.Contains("--memory"))
        {
            return PeakWorkingSet.Run(args, Console.Out);
        }

        var shortMode = args.Contains("--short");
        var inProcess = args.Contains("--in-process");
        var summaryIndex = Array.IndexOf(args, "--summary");
        var summaryPath = summaryIndex >= 0 && summaryIndex + 1 < args.Length ? args[summaryIndex + 1] : null;
        var rest = args.Where((a, i) => a is not ("--short" or "--in-process" or "--summary") && !(summaryIndex >= 0 && i == summaryIndex + 1)).ToArray();
        var config = Config(shortMode, inProcess);
        var summaries = shortMode
            ? [BenchmarkRunner.Run<EvaluationBenchmarks>(config)]
            : BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config).ToArray();
        if (summaryPath is not null)
        {
            BenchSummary.Write(summaries, summaryPath);
            Console.WriteLine($"Summary written to {summaryPath}.");
        }

        var failed = summaries.Sum(s => s.Reports.Count(r => !r.Success)) + summaries.Count(s => s.HasCriticalValidationErrors);
        Console.WriteLine(failed == 0 ? "Benchmarks completed." : $"{failed} benchmark(s) failed.");
        return failed == 0 ? 0 : 1;
    }

    private static ManualConfig Config(bool shortMode, bool inProcess)
    {
        var job = shortMode
            // In-process: no generated project to build, so the smoke run fits CI's budget on two shared cores.
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Short")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Full");
        if (inProcess && !shortMode)
        {
            job = job.WithToolchain(InProcessEmitToolchain.Instance);
        }

        return DefaultConfig.Instance
            .AddJob(job)
            .AddColumn(new JsonSizeColumn(), new AllocationPerJsonByteColumn(), StatisticColumn.Median, BaselineRatioColumn.RatioMean)
            .WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }
}
