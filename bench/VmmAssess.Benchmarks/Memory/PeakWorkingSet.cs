using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VmmAssess.Benchmarks.Evaluation;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Benchmarks.Memory;

/// <summary>
/// Issue 7, item 4: peak working set of a process that parses, validates, evaluates and serializes the result of the
/// 5,000-host snapshot. The parent writes the snapshot to a temporary file and measures in a fresh child process, so
/// the generator's own memory never counts; the child reports its working set once the code paths are warm (a small
/// snapshot processed first) and its peak (VmHWM) after processing the large one.
/// </summary>
public static class PeakWorkingSet
{
    public static int Run(string[] args, TextWriter output)
    {
        var childIndex = Array.IndexOf(args, "--memory-child");
        if (childIndex >= 0)
        {
            return Child(args[childIndex + 1], output);
        }

        var hosts = 5_000;
        var file = Path.Combine(Path.GetTempPath(), $"vmmassess-memory-{Environment.ProcessId}.json");
        var json = EvaluationBenchmarks.SnapshotJson(hosts);
        File.WriteAllBytes(file, json);
        try
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(typeof(PeakWorkingSet).Assembly.Location);
            }

            start.ArgumentList.Add("--memory");
            start.ArgumentList.Add("--memory-child");
            start.ArgumentList.Add(file);
            using var child = System.Diagnostics.Process.Start(start)!;
            output.Write(child.StandardOutput.ReadToEnd());
            child.WaitForExit();
            return child.ExitCode;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int Child(string file, TextWriter output)
    {
        // Warm the code paths on a small snapshot so the baseline includes the loaded runtime, JIT code and support data.
        var small = EvaluationBenchmarks.SnapshotJson(10);
        ProcessOnce(small);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        self.Refresh();
        var warm = self.WorkingSet64;

        var json = File.ReadAllBytes(file);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var (readiness, resultBytes) = ProcessOnce(json);
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        var peak = self.PeakWorkingSet64;

        string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
        output.WriteLine($"Peak working set, 5,000-host snapshot ({Mb(json.Length)} JSON), parse + validate + evaluate + serialize result:");
        output.WriteLine($"  working set when warm (before): {Mb(warm)}");
        output.WriteLine($"  peak working set (VmHWM):       {Mb(peak)}");
        output.WriteLine($"  peak minus warm:                {Mb(peak - warm)}");
        output.WriteLine($"  allocated while processing:     {Mb(allocated)} ({(allocated / (double)json.Length).ToString("0.00", CultureInfo.InvariantCulture)}x the JSON)");
        output.WriteLine($"  first (cold) run time:          {stopwatch.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms; readiness {readiness}; result JSON {Mb(resultBytes)}");
        output.WriteLine($"  GC heap after:                  {Mb(GC.GetGCMemoryInfo().HeapSizeBytes)}; server GC {System.Runtime.GCSettings.IsServerGC}");
        return 0;
    }

    private static (Readiness Readiness, int ResultBytes) ProcessOnce(byte[] json)
    {
        var snapshot = SnapshotParser.Parse(json).Snapshot ?? throw new InvalidOperationException("invalid snapshot");
        var result = AssessmentEvaluator.Default.Evaluate(snapshot, snapshot.CollectedAt);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(result, CoreJsonContext.Default.AssessmentResult);
        return (result.Readiness, bytes.Length);
    }
}
