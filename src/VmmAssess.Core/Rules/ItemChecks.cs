namespace VmmAssess.Core.Rules;

/// <summary>
/// The common shape of inventory rules: look at each relevant item, fail on any unsupported one, report Unknown
/// when some could not be judged, and pass only when every item was judged and is fine.
/// </summary>
internal static class ItemChecks
{
    public readonly record struct Verdict(bool? Ok, Evidence Evidence);

    public static RuleOutcome Check<T>(
        IReadOnlyList<T>? items,
        string inventoryName,
        Func<T, bool> isRelevant,
        Func<T, Verdict> judge,
        string noneMessage,
        string passMessage,
        Func<int, string> failMessage)
    {
        if (items is null)
        {
            return RuleOutcome.Unknown($"The snapshot has no {inventoryName} inventory.");
        }

        var failed = new List<Evidence>();
        var unknown = new List<Evidence>();
        var passed = 0;
        foreach (var item in items)
        {
            if (item is null || !isRelevant(item))
            {
                continue;
            }

            var verdict = judge(item);
            switch (verdict.Ok)
            {
                case true: passed++; break;
                case false: failed.Add(verdict.Evidence); break;
                default: unknown.Add(verdict.Evidence); break;
            }
        }

        if (failed.Count > 0)
        {
            return RuleOutcome.Fail(failMessage(failed.Count), Cap(failed));
        }

        if (unknown.Count > 0)
        {
            return RuleOutcome.Unknown($"{unknown.Count} of the {inventoryName} could not be judged: data is missing or unmapped.", Cap(unknown));
        }

        return passed == 0 ? RuleOutcome.NotApplicable(noneMessage) : RuleOutcome.Pass(passMessage);
    }

    /// <summary>Keeps a finding readable and storable (Table Storage caps a property at 64 KiB) on very large estates.</summary>
    public static IReadOnlyList<Evidence> Cap(List<Evidence> evidence)
    {
        if (evidence.Count <= MaxEvidence)
        {
            return evidence;
        }

        var kept = evidence.GetRange(0, MaxEvidence);
        kept.Add(new Evidence($"(and {evidence.Count - MaxEvidence} more)", "", null, null));
        return kept;
    }

    public const int MaxEvidence = 50;

    public static string Plural(int count, string singular, string plural) => count == 1 ? $"1 {singular}" : $"{count} {plural}";
}
