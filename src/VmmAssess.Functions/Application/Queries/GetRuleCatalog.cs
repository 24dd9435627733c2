
namespace VmmAssess.Functions.Application.Queries;

/// <summary>The rule pack the app assesses with.</summary>
public sealed class GetRuleCatalog
{
    public RuleCatalog Catalog { get; } = AssessmentEvaluator.Default.Catalog;
}
