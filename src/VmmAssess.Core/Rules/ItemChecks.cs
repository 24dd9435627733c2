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
        // The lazy overload asks for evidence right after judging the same item, so the verdict is computed once.
        var last = default(Verdict);
        return Check(items, inventoryName, isRelevant, item => (last = judge(item)).Ok, _ => last.Evidence, noneMessage, passMessage, failMessage);
    }

    /// <summary>
    /// The same check with the verdict and its evidence apart: <paramref name="evidence"/> runs only for the items that
    /// fail or cannot be judged (the only evidence a finding keeps), so a large inventory of passing items allocates nothing.
    /// </summary>
    public static RuleOutcome Check<T>(
        IReadOnlyList<T>? items,
        string inventoryName,
        Func<T, bool> isRelevant,
        Func<T, bool?> judge,
        Func<T, Evidence> evidence,
        string noneMessage,
        string passMessage,
        Func<int, string> failMessage) =>
        Check(items, inventoryName, new DelegateRelevance<T>(isRelevant), judge, evidence, noneMessage, passMessage, failMessage);

    /// <summary>Which items a rule looks at, as a struct the JIT specializes and inlines (no call per item).</summary>
    public interface IRelevance<in T>
    {
        bool IsRelevant(T item);
    }

    private readonly struct DelegateRelevance<T>(Func<T, bool> isRelevant) : IRelevance<T>
    {
        public bool IsRelevant(T item) => isRelevant(item);
    }

    /// <summary>
    /// The same check with the relevance test as a struct: for rules that pass over every host of large estates, where a
    /// delegate call per host was most of the rule's time.
    /// </summary>
    public static RuleOutcome Check<T, TRelevance>(
        IReadOnlyList<T>? items,
        string inventoryName,
        TRelevance relevance,
        Func<T, bool?> judge,
        Func<T, Evidence> evidence,
        string noneMessage,
        string passMessage,
        Func<int, string> failMessage)
        where TRelevance : struct, IRelevance<T>
    {
        if (items is null)
        {
            return RuleOutcome.Unknown($"The snapshot has no {inventoryName} inventory.");
        }

        // Evidence past the first MaxEvidence items would be cut by Cap anyway: count those items instead of describing them.
        var failed = new List<Evidence>();
        var unknown = new List<Evidence>();
        int failedCount = 0, unknownCount = 0, passed = 0;
        var maxEvidence = MaxEvidence; // read once: it is thread-static
        foreach (var item in AsSpan(items))
        {
            if (item is null || !relevance.IsRelevant(item))
            {
                continue;
            }

            switch (judge(item))
            {
                case true:
                    passed++;
                    break;
                case false:
                    if (failedCount++ < maxEvidence)
                    {
                        failed.Add(evidence(item));
                    }

                    break;
                default:
                    if (unknownCount++ < maxEvidence)
                    {
                        unknown.Add(evidence(item));
                    }

                    break;
            }
        }

        if (failedCount > 0)
        {
            return RuleOutcome.Fail(failMessage(failedCount), WithRest(failed, failedCount));
        }

        if (unknownCount > 0)
        {
            return RuleOutcome.Unknown($"{unknownCount} of the {inventoryName} could not be judged: data is missing or unmapped.", WithRest(unknown, unknownCount));
        }

        return passed == 0 ? RuleOutcome.NotApplicable(noneMessage) : RuleOutcome.Pass(passMessage);
    }

    /// <summary>The items as a span (the deserializer makes lists; anything else is copied once) for a tight loop.</summary>
    internal static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> items) => items switch
    {
        T[] array => array,
        List<T> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => items.ToArray(),
    };

    /// <summary>What <see cref="Cap"/> makes of <paramref name="total"/> items of which the first are <paramref name="kept"/>.</summary>
    internal static List<Evidence> WithRest(List<Evidence> kept, int total)
    {
        if (total > MaxEvidence)
        {
            kept.Add(new Evidence($"(and {total - MaxEvidence} more)", "", null, null));
        }

        return kept;
    }

    /// <summary>Keeps a finding readable and storable (Table Storage caps a property at 64 KiB) on very large estates.</summary>
    public static IReadOnlyList<Evidence> Cap(List<Evidence> evidence)
    {
        if (evidence.Count <= MaxEvidence)
        {
            return evidence;
        }

        return WithRest(evidence.GetRange(0, MaxEvidence), evidence.Count);
    }

    /// <summary>The evidence a finding keeps unless the evaluator is asked for all of it (what the Functions app stores).</summary>
    public const int DefaultMaxEvidence = 50;

    // Set only for the duration of one AssessmentEvaluator.Evaluate call on its thread; rules are synchronous.
    [ThreadStatic]
    private static int? evidenceLimit;

    /// <summary>The evidence objects a finding keeps in the evaluation running on this thread.</summary>
    public static int MaxEvidence => evidenceLimit ?? DefaultMaxEvidence;

    /// <summary>Sets <see cref="MaxEvidence"/> for the rules evaluated on this thread until the scope is disposed.</summary>
    internal static EvidenceLimitScope LimitEvidence(int limit)
    {
        var scope = new EvidenceLimitScope(evidenceLimit);
        evidenceLimit = limit;
        return scope;
    }

    internal readonly struct EvidenceLimitScope(int? previous) : IDisposable
    {
        public void Dispose() => evidenceLimit = previous;
    }

    public static string Plural(int count, string singular, string plural) => count == 1 ? $"1 {singular}" : $"{count} {plural}";
}
