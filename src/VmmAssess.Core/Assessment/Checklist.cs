using System.Text.Json;
using System.Text.Json.Serialization;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Assessment;

/// <summary>
/// Steps every upgrade to a target needs. They are not findings: a clean environment can be Ready and still has a
/// checklist. A step with a condition ("when") appears only where the snapshot shows that condition.
/// </summary>
public sealed class Checklist
{
    private readonly IReadOnlyList<ChecklistEntry> entries;
    private readonly SourceReference[][] references;

    private Checklist(IReadOnlyList<ChecklistEntry> entries, SupportMatrix matrix)
    {
        this.entries = entries;

        // Resolved once: the references of an entry never change. Each result still gets its own array of the (immutable) records.
        references = entries.Select(e => matrix.References(e.SourceKeys).ToArray()).ToArray();
        foreach (var entry in entries)
        {
            if (entry.When is { } when && !Conditions.ContainsKey(when))
            {
                throw new InvalidOperationException($"Checklist item {entry.Id} has an unknown condition '{when}'.");
            }
        }
    }

    private static readonly Dictionary<string, Func<Snapshot, bool>> Conditions = new(StringComparer.Ordinal)
    {
        ["highlyAvailable"] = s => s.Vmm?.HighlyAvailable == true,
        ["alwaysOn"] = s => s.Database?.HighAvailability == DatabaseHighAvailability.AlwaysOn || s.Database?.InAvailabilityGroup == true,
        ["operationsManager"] = s => s.OperationsManager?.Connected == true,
        ["siteRecovery"] = s => s.ManagementServers?.Any(m => m?.SiteRecoveryProvider?.Installed == true) == true,
    };

    private static readonly string[] ConditionOrder = Conditions.Keys.Order(StringComparer.Ordinal).ToArray();

    // Declared before Default: static initializers run in text order and the constructor validates against this.
    public static Checklist Default { get; } = Load(SupportMatrix.Default);

    /// <summary>The steps for an upgrade to <paramref name="target"/> of this snapshot's environment.</summary>
    public IReadOnlyList<ChecklistItem> For(Snapshot snapshot, TargetVersion target)
    {
        // The list depends only on the target and which conditions hold: built once per combination and shared
        // (its items are immutable records), instead of filtering and copying the references for every result.
        var holding = 0;
        for (var c = 0; c < ConditionOrder.Length; c++)
        {
            if (Conditions[ConditionOrder[c]](snapshot))
            {
                holding |= 1 << c;
            }
        }

        return built.GetOrAdd((target, holding), static (key, owner) => owner.Build(key.Target, key.Holding), this);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(TargetVersion Target, int Holding), ChecklistItem[]> built = new();

    private ChecklistItem[] Build(TargetVersion target, int holding)
    {
        var wire = target.ToWire();
        var items = new List<ChecklistItem>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if ((e.Targets is null || e.Targets.Contains(wire)) && (e.When is null || (holding & (1 << Array.IndexOf(ConditionOrder, e.When))) != 0))
            {
                // Only the pages about this target (the 2025 upgrade page is not a source of a 2016 step).
                var about = references[i].Where(r => r.IsAbout([wire])).ToArray();
                items.Add(new ChecklistItem(e.Id, e.Phase, e.Text, (about.Length > 0 ? about : references[i]).Select(r => new Reference(r.Title, r.Url)).ToArray()));
            }
        }

        return items.ToArray();
    }

    private static Checklist Load(SupportMatrix matrix)
    {
        const string resource = "VmmAssess.Core.SupportData.checklist.json";
        using var stream = typeof(Checklist).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded support data '{resource}' is missing.");
        var entries = JsonSerializer.Deserialize(stream, ChecklistJsonContext.Default.IReadOnlyListChecklistEntry)
            ?? throw new InvalidOperationException("The checklist is empty.");
        return new Checklist(entries, matrix);
    }
}

internal sealed record ChecklistEntry(string Id, ChecklistPhase Phase, string Text, IReadOnlyList<string> SourceKeys, IReadOnlyList<string>? Targets, string? When);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<ChecklistEntry>))]
internal sealed partial class ChecklistJsonContext : JsonSerializerContext;
