namespace VmmAssess.Functions.Application.Processing;

/// <summary>
/// Caps what a finding carries into storage: a rule over a large estate may list thousands of objects, and every
/// evidence string comes from the snapshot. The stored finding must fit one entity whatever the input.
/// </summary>
public static class EvidenceLimits
{
    public const int MaxItemsPerFinding = 200;
    public const int MaxTextLength = 1024;

    public static AssessmentResult Apply(AssessmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Findings.Any(NeedsCap) ? result with { Findings = result.Findings.Select(Cap).ToArray() } : result;
    }

    private static bool NeedsCap(Finding finding) =>
        finding.Evidence.Count > MaxItemsPerFinding || finding.Evidence.Any(e => Long(e.Object) || Long(e.Property) || Long(e.Actual) || Long(e.Expected));

    private static Finding Cap(Finding finding)
    {
        if (!NeedsCap(finding))
        {
            return finding;
        }

        var kept = finding.Evidence.Take(MaxItemsPerFinding).Select(e => new Evidence(Text(e.Object)!, Text(e.Property)!, Text(e.Actual), Text(e.Expected))).ToList();
        if (finding.Evidence.Count > MaxItemsPerFinding)
        {
            kept.Add(new Evidence("(evidence truncated)", "count", finding.Evidence.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at most {MaxItemsPerFinding} items are stored"));
        }

        return finding with { Evidence = kept };
    }

    private static bool Long(string? text) => text is { Length: > MaxTextLength };

    private static string? Text(string? text) => Long(text) ? string.Concat(text.AsSpan(0, MaxTextLength - 1), "…") : text;
}
