using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Assessment;

/// <summary>One upgrade in a chain: from a product (at a minimum update rollup) to the next version.</summary>
public sealed record UpgradeHop(string From, string To, int? MinUpdateRollup);

/// <summary>How the source gets to the target: directly, through intermediate versions, or not at all.</summary>
public sealed record UpgradePlan(UpgradePlanKind Kind, IReadOnlyList<UpgradeHop> Hops, string Summary)
{
    public bool? Direct => Kind switch
    {
        UpgradePlanKind.Direct => true,
        UpgradePlanKind.Unknown => null,
        _ => false,
    };
}

public enum UpgradePlanKind
{
    /// <summary>The source can be upgraded to the target in one step.</summary>
    Direct,

    /// <summary>The source is on a supported path but needs an update rollup first.</summary>
    NeedsUpdateRollup,

    /// <summary>The target is reachable only through intermediate versions.</summary>
    MultiHop,

    /// <summary>The source already runs the target.</summary>
    AlreadyOnTarget,

    /// <summary>No supported path exists (e.g. the source is newer than the target).</summary>
    NoPath,

    /// <summary>The snapshot does not say which version (or update rollup) runs.</summary>
    Unknown,
}

/// <summary>Plans the chain of supported upgrades from the upgrade-path data (direct sources and minimum update rollups per target).</summary>
public static class UpgradePlanner
{
    /// <summary>The plan for this source and target; pure in its inputs, so worked out once per combination and matrix.</summary>
    public static UpgradePlan Plan(VmmProduct? product, int? updateRollup, TargetVersion target, SupportMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (updateRollup is < 0 or > 1000)
        {
            return Work(product, updateRollup, target, matrix); // outside the contract's range: not worth a cache entry
        }

        return Plans.GetOrCreateValue(matrix).GetOrAdd((product, updateRollup, target), static (key, m) => Work(key.Product, key.UpdateRollup, key.Target, m), matrix);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SupportMatrix,
        System.Collections.Concurrent.ConcurrentDictionary<(VmmProduct? Product, int? UpdateRollup, TargetVersion Target), UpgradePlan>> Plans = new();

    private static UpgradePlan Work(VmmProduct? product, int? updateRollup, TargetVersion target, SupportMatrix matrix)
    {
        var targetName = target.ToWire();
        if (product is not { } source)
        {
            return new UpgradePlan(UpgradePlanKind.Unknown, [], "The snapshot does not say which VMM version runs.");
        }

        var sourceName = source.ToWire();
        if (sourceName == targetName)
        {
            return new UpgradePlan(UpgradePlanKind.AlreadyOnTarget, [], $"{source.DisplayName()} already runs the target version.");
        }

        var edges = matrix.UpgradePaths
            .SelectMany(p => p.Sources.Select(s => (From: s.Product, To: p.Target, s.MinUpdateRollup)))
            .ToList();

        // Breadth-first search over the published direct upgrades gives the shortest supported chain.
        var previous = new Dictionary<string, (string From, int? MinUpdateRollup)>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(sourceName);
        var seen = new HashSet<string>(StringComparer.Ordinal) { sourceName };
        while (queue.Count > 0 && !previous.ContainsKey(targetName))
        {
            var current = queue.Dequeue();
            foreach (var edge in edges.Where(e => e.From == current))
            {
                if (seen.Add(edge.To))
                {
                    previous[edge.To] = (current, edge.MinUpdateRollup);
                    queue.Enqueue(edge.To);
                }
            }
        }

        if (!previous.ContainsKey(targetName))
        {
            return new UpgradePlan(UpgradePlanKind.NoPath, [], $"There is no supported upgrade path from {source.DisplayName()} to {target.DisplayName()}.");
        }

        var hops = new List<UpgradeHop>();
        for (var step = targetName; step != sourceName; step = previous[step].From)
        {
            hops.Add(new UpgradeHop(previous[step].From, step, previous[step].MinUpdateRollup));
        }

        hops.Reverse();
        var first = hops[0];
        var summary = string.Join(" → ", hops.Select(h => Name(h.From) + (h.MinUpdateRollup is { } ur ? $" UR{ur}+" : "")).Append(Name(targetName)));
        if (hops.Count > 1)
        {
            return new UpgradePlan(UpgradePlanKind.MultiHop, hops, summary);
        }

        if (first.MinUpdateRollup is { } minimum)
        {
            if (updateRollup is null)
            {
                return new UpgradePlan(UpgradePlanKind.Unknown, hops, $"{summary}: the snapshot does not say which update rollup {source.DisplayName()} runs.");
            }

            if (updateRollup < minimum)
            {
                return new UpgradePlan(UpgradePlanKind.NeedsUpdateRollup, hops, $"{summary}: apply update rollup {minimum} or later first (UR{updateRollup} installed).");
            }
        }

        return new UpgradePlan(UpgradePlanKind.Direct, hops, summary);
    }

    private static string Name(string product) => product == "2012R2" ? "VMM 2012 R2" : "VMM " + product;
}
