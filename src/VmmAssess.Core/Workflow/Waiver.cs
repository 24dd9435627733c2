namespace VmmAssess.Core.Workflow;

/// <summary>
/// An accepted risk: while live (<see cref="CreatedAt"/> ≤ as-of &lt; <see cref="ExpiresAt"/>) it accepts the failing
/// findings of <see cref="RuleId"/> in its scope. The wire shape (camelCase) is the waiver file's and the API's.
/// </summary>
/// <param name="Id">1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'.</param>
/// <param name="EnvironmentId">Null: every environment of the tenant.</param>
/// <param name="Objects">
/// Null: the whole finding, whatever objects it names. Otherwise names or wildcard patterns (<c>*</c> any run of
/// characters, <c>?</c> one character), matched case-insensitively like VMM names; a finding is waived only when every
/// object its failing evidence names is matched.
/// </param>
/// <param name="ExpiresAt">Required: after <paramref name="CreatedAt"/> and at most one year after it.</param>
/// <param name="Ticket">An optional reference in the MSP's ticketing system.</param>
public sealed record Waiver(
    string Id,
    string TenantId,
    string? EnvironmentId,
    string RuleId,
    IReadOnlyList<string>? Objects,
    string Reason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? Ticket = null)
{
    /// <summary>True when the waiver applies at <paramref name="asOf"/>: created by then and not yet expired.</summary>
    public bool IsLiveAt(DateTimeOffset asOf) => CreatedAt <= asOf && asOf < ExpiresAt;
}

/// <summary>A waiver file: <c>{ "waivers": [ ... ] }</c>.</summary>
public sealed record WaiverFile(IReadOnlyList<Waiver> Waivers);

/// <summary>
/// Wildcard patterns over object names: <c>*</c> matches any run of characters (none included), <c>?</c> exactly one;
/// case-insensitive (ordinal, invariant). Linear backtracking, no regular expressions: a hostile pattern cannot blow up.
/// </summary>
public static class WildcardPattern
{
    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || SameChar(pattern[p], name[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool SameChar(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
