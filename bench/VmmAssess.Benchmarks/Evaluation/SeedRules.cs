using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Benchmarks.Evaluation;

/// <summary>The 14 planning considerations of the seed (issue 2), the rules both engines run in the comparison.</summary>
public static class SeedRules
{
    public static IReadOnlyList<string> Ids { get; } =
    [
        "VMM-VMW-001", "VMM-VMW-002", "VMM-PRO-001", "VMM-OM-001", "VMM-WINRM-001", "VMM-LIB-001", "VMM-ACCT-001",
        "VMM-DKM-001", "VMM-HA-001", "VMM-ASR-001", "VMM-SQL-003", "VMM-LIB-002", "VMM-ACCT-002", "VMM-DKM-002",
    ];

    /// <summary>Our engine restricted to the seed rules: the same evaluator, a catalog of just those 14 rules.</summary>
    public static AssessmentEvaluator OurEvaluator { get; } = CreateEvaluator();

    private static AssessmentEvaluator CreateEvaluator()
    {
        var rules = RuleCatalog.Default.Rules.Where(r => Ids.Contains(r.Metadata.Id)).ToArray();
        if (rules.Length != Ids.Count)
        {
            throw new InvalidOperationException($"The catalog has {rules.Length} of the {Ids.Count} seed rules.");
        }

        return new AssessmentEvaluator(new RuleCatalog(rules, SupportMatrix.Default), SupportMatrix.Default, Checklist.Default);
    }
}
