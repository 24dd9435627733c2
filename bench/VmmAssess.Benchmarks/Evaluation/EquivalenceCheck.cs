using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.Benchmarks.Evaluation;

/// <summary>
/// Shows that the RulesEngine baseline is a faithful port: over the samples, generated estates of every size, a
/// portfolio and variants with parts of the snapshot missing, both engines reach the same verdict for every seed
/// rule (our Pass and NotApplicable are the baseline's success; Fail and Unknown must match exactly).
/// </summary>
public static class EquivalenceCheck
{
    public static async Task<int> RunAsync(TextWriter output)
    {
        var baseline = new RulesEngineSeedRules(SupportMatrix.Default);
        var checkedCount = 0;
        var mismatches = 0;
        foreach (var (name, snapshot) in Cases())
        {
            var ours = SeedRules.OurEvaluator.Evaluate(snapshot, snapshot.CollectedAt).Findings
                .ToDictionary(f => f.RuleId, f => f.Status switch
                {
                    FindingStatus.Fail => "Fail",
                    FindingStatus.Unknown => "Unknown",
                    _ => "Pass",
                });
            foreach (var theirs in await baseline.EvaluateAsync(snapshot).ConfigureAwait(false))
            {
                checkedCount++;
                if (ours[theirs.RuleId] != theirs.Status)
                {
                    mismatches++;
                    if (mismatches <= 20)
                    {
                        output.WriteLine($"MISMATCH {name} {theirs.RuleId}: ours {ours[theirs.RuleId]}, RulesEngine {theirs.Status} {string.Join("; ", theirs.Evidence.Take(3))}");
                    }
                }
            }
        }

        output.WriteLine($"Equivalence: {checkedCount} rule verdicts compared, {mismatches} mismatches.");
        return mismatches == 0 ? 0 : 1;
    }

    private static IEnumerable<(string Name, Snapshot Snapshot)> Cases()
    {
        foreach (var file in RepoPaths.Samples())
        {
            var parsed = SnapshotParser.Parse(File.ReadAllBytes(file));
            if (parsed.Snapshot is { } sample)
            {
                foreach (var variant in Variants(Path.GetFileName(file), sample))
                {
                    yield return variant;
                }
            }
        }

        foreach (var size in SnapshotFactory.StandardSizes)
        {
            for (var seed = 1; seed <= 3; seed++)
            {
                yield return ($"{size} hosts seed {seed}", SnapshotFactory.Create(size, seed));
            }
        }

        var index = 0;
        foreach (var environment in SnapshotFactory.Portfolio(400, 80, seed: 7))
        {
            foreach (var variant in Variants($"portfolio {index++}", environment))
            {
                yield return variant;
            }
        }
    }

    private static IEnumerable<(string Name, Snapshot Snapshot)> Variants(string name, Snapshot s)
    {
        yield return (name, s);
        yield return (name + " target 2016", s with { TargetVersion = TargetVersion.Vmm2016 });
        yield return (name + " from 2012R2 to 2016", s with { TargetVersion = TargetVersion.Vmm2016, Vmm = s.Vmm is null ? null : s.Vmm with { Product = VmmProduct.Vmm2012R2 } });
        yield return (name + " no vmm", s with { Vmm = null });
        yield return (name + " no hosts", s with { Hosts = null, VCenters = null });
        yield return (name + " no libraries", s with { LibraryServers = null });
        yield return (name + " no management servers", s with { ManagementServers = null });
        yield return (name + " no cluster/database/om", s with { Cluster = null, Database = null, OperationsManager = null });
        if (s.Vmm is { } vmm)
        {
            yield return (name + " ha unknown", s with { Vmm = vmm with { HighlyAvailable = null } });
            yield return (name + " ha", s with { Vmm = vmm with { HighlyAvailable = true } });
            yield return (name + " dkm unknown", s with { Vmm = vmm with { Dkm = null, UpgradeOnSameComputer = false } });
            yield return (name + " local system to domain", s with { Vmm = vmm with { ServiceAccount = new ServiceAccount(ServiceAccountKind.LocalSystem, null), PlannedServiceAccount = new ServiceAccount(ServiceAccountKind.Domain, "X\\svc"), Dkm = new DkmSettings(null, null) } });
            yield return (name + " gmsa", s with { Vmm = vmm with { HighlyAvailable = true, PlannedServiceAccount = new ServiceAccount(ServiceAccountKind.GroupManaged, "X\\gmsa$") } });
        }
    }
}

/// <summary>Finds the repository's files from wherever BenchmarkDotNet runs the process.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Samples() =>
        Directory.EnumerateFiles(Path.Combine(Root, "samples", "snapshots"), "*.json").Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "VmmAssessFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository (VmmAssessFunctions.sln not found).");
    }
}
