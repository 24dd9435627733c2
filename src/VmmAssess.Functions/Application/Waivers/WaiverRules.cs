using System.Globalization;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>
/// Turns an operator's request into a waiver, or every reason it cannot be one: Core's <see cref="WaiverValidation"/>
/// first (the CLI's rules and words: expiry required, after creation and at most one year away, not in the past, a rule
/// of the catalog, sizes), then what the app adds because it stores the text and shows it to other people: no control
/// or bidirectional-override characters, object patterns that name something, and at most
/// <see cref="MaxStoredObjects"/> objects (they are stored in one table property).
/// </summary>
public static class WaiverRules
{
    /// <summary>Objects of one stored waiver: 100 names of at most 256 characters fit Table Storage's 32K-character property.</summary>
    public const int MaxStoredObjects = 100;

    public static (Waiver? Waiver, IReadOnlyList<ValidationError> Errors) Prepare(TenantId tenant, WaiverDraft draft, string createdBy, DateTimeOffset now, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(catalog);
        // The rule id is stored as the catalog spells it, so filters and matching need no case folding.
        var ruleId = draft.RuleId is { } r && catalog.Find(r) is { } rule ? rule.Id : draft.RuleId ?? "";
        var waiver = new Waiver(Guid.NewGuid().ToString("D"), tenant.Value, draft.EnvironmentId, ruleId, draft.Objects, draft.Reason!, createdBy, now, draft.ExpiresAt ?? default, draft.Ticket);
        var errors = WaiverValidation.Validate(waiver, catalog, "$", now).Where(e => e.Path is not ("$.id" or "$.tenantId" or "$.createdBy" or "$.createdAt")).ToList();

        Characters(errors, "$.reason", draft.Reason, allowLineBreaks: true);
        Characters(errors, "$.ticket", draft.Ticket, allowLineBreaks: false);
        if (draft.Objects is { } objects)
        {
            if (objects.Count > MaxStoredObjects)
            {
                errors.Add(new("$.objects", string.Create(CultureInfo.InvariantCulture, $"must name at most {MaxStoredObjects} objects or patterns, got {objects.Count}")));
            }

            for (var i = 0; i < objects.Count; i++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"$.objects[{i}]");
                if (objects[i] is not { } name)
                {
                    errors.Add(new(path, "must be a name or pattern, not null"));
                    continue;
                }

                Characters(errors, path, name, allowLineBreaks: false);
                if (name.Length > 0 && name.All(c => c is '*' or '?'))
                {
                    errors.Add(new(path, "is only wildcards, which names no object in particular; leave objects out to waive the whole finding"));
                }
                else if (name.Length > 0 && (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1])))
                {
                    errors.Add(new(path, "must not start or end with white space (VMM names do not)"));
                }
            }
        }

        return errors.Count == 0 ? (waiver, []) : (null, errors.DistinctBy(e => (e.Path, e.Message)).ToArray());
    }

    /// <summary>Refuses C0/C1 control characters (line breaks and tab only where allowed) and bidirectional embedding,
    /// override and isolate characters: the snapshot contract's rule for free text.</summary>
    private static void Characters(List<ValidationError> errors, string path, string? text, bool allowLineBreaks)
    {
        foreach (var c in text ?? "")
        {
            var forbidden = c is '\t' or '\n' or '\r' ? !allowLineBreaks : char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
            if (forbidden)
            {
                errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"must not contain the control or bidirectional-override character U+{(int)c:X4}")));
                return;
            }
        }
    }
}
