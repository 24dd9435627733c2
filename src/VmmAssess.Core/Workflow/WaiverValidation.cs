using System.Globalization;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Workflow;

/// <summary>
/// The rules a waiver must follow, with the messages a user sees; shared by the waiver file (CLI) and the API, so both
/// refuse the same waivers with the same words. Errors are located by JSONPath under the caller's <c>path</c>.
/// </summary>
public static class WaiverValidation
{
    /// <summary>The objects of one waiver; the app stores them in one table property, whose 32K characters hold 100
    /// names of 256. More than that is a pattern's job.</summary>
    public const int MaxObjects = 100;
    public const int MaxNameLength = 256;
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// Every problem of <paramref name="waiver"/> (empty when valid). <paramref name="now"/>, when given (the API passes
    /// its clock), also refuses an expiry that has passed; a file keeps expired waivers, which then simply do not apply.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(Waiver waiver, RuleCatalog catalog, string path = "$", DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<ValidationError>();
        Key(errors, path, "id", waiver.Id, required: true);
        Key(errors, path, "tenantId", waiver.TenantId, required: true);
        Key(errors, path, "environmentId", waiver.EnvironmentId, required: false);

        if (string.IsNullOrWhiteSpace(waiver.RuleId))
        {
            errors.Add(new($"{path}.ruleId", "is required"));
        }
        else if (catalog.Find(waiver.RuleId) is null)
        {
            errors.Add(new($"{path}.ruleId", $"unknown rule id '{waiver.RuleId}': not a rule of rule pack {catalog.RulePackVersion} (list them with `vmmassess rules` or GET /api/rules)"));
        }

        if (waiver.Objects is { } objects)
        {
            if (objects.Count == 0)
            {
                errors.Add(new($"{path}.objects", "must name at least one object or pattern; leave objects out to waive the whole finding"));
            }
            else if (objects.Count > MaxObjects)
            {
                errors.Add(new($"{path}.objects", string.Create(CultureInfo.InvariantCulture, $"must name at most {MaxObjects} objects or patterns, got {objects.Count}")));
            }

            for (var i = 0; i < objects.Count; i++)
            {
                ObjectName(errors, string.Create(CultureInfo.InvariantCulture, $"{path}.objects[{i}]"), objects[i]);
            }
        }

        Text(errors, $"{path}.reason", waiver.Reason, MaxReasonLength, required: true, allowLineBreaks: true);
        Text(errors, $"{path}.createdBy", waiver.CreatedBy, MaxNameLength, required: true);
        Text(errors, $"{path}.ticket", waiver.Ticket, MaxNameLength, required: false);

        if (waiver.CreatedAt == default)
        {
            errors.Add(new($"{path}.createdAt", "is required"));
        }

        if (waiver.ExpiresAt == default)
        {
            errors.Add(new($"{path}.expiresAt", "is required: a waiver expires at most one year after it is created"));
        }
        else if (waiver.CreatedAt != default)
        {
            var latest = waiver.CreatedAt.AddYears(1);
            if (waiver.ExpiresAt <= waiver.CreatedAt)
            {
                errors.Add(new($"{path}.expiresAt", $"must be after createdAt ({Time(waiver.CreatedAt)}), got {Time(waiver.ExpiresAt)}"));
            }
            else if (waiver.ExpiresAt > latest)
            {
                errors.Add(new($"{path}.expiresAt", $"must be at most one year after createdAt, i.e. no later than {Time(latest)}; got {Time(waiver.ExpiresAt)}"));
            }
        }

        if (now is { } clock && waiver.ExpiresAt != default && waiver.ExpiresAt <= clock)
        {
            errors.Add(new($"{path}.expiresAt", $"is in the past ({Time(waiver.ExpiresAt)}; now is {Time(clock)})"));
        }

        return errors;
    }

    /// <summary>The key syntax of tenant, environment and waiver ids (the snapshot contract's <c>key</c>).</summary>
    public static bool IsKey(string? text)
    {
        if (text is null || text.Length is 0 or > 64)
        {
            return false;
        }

        var allDots = true;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }

            allDots &= c == '.';
        }

        return !allDots;
    }

    /// <summary>A time as the file writes it: UTC as "Z", any other offset as "+hh:mm".</summary>
    internal static string Time(DateTimeOffset time) =>
        time.ToString(time.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static void Key(List<ValidationError> errors, string path, string name, string? value, bool required)
    {
        if (value is null || (required && value.Length == 0))
        {
            if (required)
            {
                errors.Add(new($"{path}.{name}", "is required"));
            }

            return;
        }

        if (!IsKey(value))
        {
            errors.Add(new($"{path}.{name}", "must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots"));
        }
    }

    private static void ObjectName(List<ValidationError> errors, string path, string? name)
    {
        if (name is null)
        {
            errors.Add(new(path, "must be a name or pattern, not null"));
        }
        else if (Text(errors, path, name, MaxNameLength, required: true))
        {
            if (name.All(c => c is '*' or '?'))
            {
                errors.Add(new(path, "is only wildcards, which names no object in particular; leave objects out to waive the whole finding"));
            }
            else if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
            {
                errors.Add(new(path, "must not start or end with white space (VMM names do not)"));
            }
        }
    }

    /// <summary>
    /// Required text that is missing or empty "is required"; optional text, when given, must not be blank. Text is shown
    /// to other people (reports, the dashboard), so C0/C1 control characters (line breaks and tab only where allowed)
    /// and bidirectional embedding, override and isolate characters are refused: the snapshot contract's rule for free
    /// text. True when the text is given and valid.
    /// </summary>
    private static bool Text(List<ValidationError> errors, string path, string? value, int maxLength, bool required, bool allowLineBreaks = false)
    {
        if (value is null || (required && value.Length == 0))
        {
            if (required)
            {
                errors.Add(new(path, "is required"));
            }

            return false;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(path, "must not be empty"));
            return false;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters, got {value.Length}")));
            return false;
        }

        foreach (var c in value)
        {
            var forbidden = c is '\t' or '\n' or '\r' ? !allowLineBreaks : char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
            if (forbidden)
            {
                errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"must not contain the control or bidirectional-override character U+{(int)c:X4}")));
                return false;
            }
        }

        return true;
    }
}
