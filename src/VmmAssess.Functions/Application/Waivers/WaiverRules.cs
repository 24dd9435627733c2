namespace VmmAssess.Functions.Application.Waivers;

/// <summary>
/// Turns an operator's request into a waiver, or every reason it cannot be one: Core's <see cref="WaiverValidation"/>,
/// the waiver file's rules and words (expiry required, after creation and at most one year away, not in the past, a
/// rule of the catalog, sizes, characters, patterns that name something), so the API and the CLI refuse the same
/// waivers. Id, tenant, author and creation time come from the request's route, caller and clock, not its body.
/// </summary>
public static class WaiverRules
{
    public static (Waiver? Waiver, IReadOnlyList<ValidationError> Errors) Prepare(TenantId tenant, WaiverDraft draft, string createdBy, DateTimeOffset now, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(catalog);
        // The rule id is stored as the catalog spells it, so filters and matching need no case folding.
        var ruleId = draft.RuleId is { } r && catalog.Find(r) is { } rule ? rule.Id : draft.RuleId ?? "";
        var waiver = new Waiver(Guid.NewGuid().ToString("D"), tenant.Value, draft.EnvironmentId, ruleId, draft.Objects, draft.Reason!, createdBy, now, draft.ExpiresAt ?? default, draft.Ticket);
        var errors = WaiverValidation.Validate(waiver, catalog, "$", now).Where(e => e.Path is not ("$.id" or "$.tenantId" or "$.createdBy" or "$.createdAt")).ToArray();
        return errors.Length == 0 ? (waiver, []) : (null, errors);
    }
}
