using VmmAssess.Core.Assessment;

namespace VmmAssess.Cli.Reports;

/// <summary>What a report renders: the assessments, the files that could not be assessed, and totals.</summary>
internal sealed record Portfolio(IReadOnlyList<AssessmentResult> Assessments, IReadOnlyList<SnapshotFile> Invalid)
{
    public bool IsSingle => Assessments.Count == 1 && Invalid.Count == 0;

    public PortfolioSummary Summary => new(
        Assessments.Count,
        Invalid.Count,
        Enum.GetValues<Readiness>().ToDictionary(r => r.ToString(), r => Assessments.Count(a => a.Readiness == r)));
}

internal sealed record PortfolioSummary(int Assessed, int Invalid, IReadOnlyDictionary<string, int> ByReadiness);

internal sealed record InvalidSnapshot(string File, IReadOnlyList<Core.Snapshots.ValidationError> Errors);

internal sealed record PortfolioDocument(PortfolioSummary Summary, IReadOnlyList<AssessmentResult> Assessments, IReadOnlyList<InvalidSnapshot> Invalid);

internal static class ReportText
{
    public static string Source(AssessmentResult result) =>
        result.Source.Product is { } product
            ? Core.SupportData.VersionNames.DisplayName(product) + (result.Source.UpdateRollup is { } ur ? $" UR{ur}" : "")
            : "unknown version";

    public static string Target(AssessmentResult result) => Core.SupportData.VersionNames.DisplayName(result.TargetVersion);

    public static string Percent(double share) => (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public static string Readiness(Readiness readiness) => readiness switch
    {
        Core.Assessment.Readiness.NotReady => "Not ready",
        Core.Assessment.Readiness.Unknown => "Unknown",
        Core.Assessment.Readiness.ReadyWithConditions => "Ready with conditions",
        _ => "Ready",
    };

    public static IEnumerable<Finding> NeedingAttention(AssessmentResult result) =>
        result.Findings.Where(f => f.Status is Core.Rules.FindingStatus.Fail or Core.Rules.FindingStatus.Unknown);
}
