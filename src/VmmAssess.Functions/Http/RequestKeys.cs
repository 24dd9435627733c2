using System.Buffers.Text;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Http;

/// <summary>Validation of route values and query parameters, before any storage call. Collects every error.</summary>
public sealed partial class RequestKeys
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const int MaxContinuationTokenLength = 2048;

    private readonly List<ValidationError> errors = [];

    public string Key(string name, string? value)
    {
        if (!StorageKeys.IsValidKey(value))
        {
            errors.Add(new ValidationError(name, $"must be 1 to {StorageKeys.MaxKeyLength} characters from A-Z, a-z, 0-9, '.', '_' and '-'"));
            return "";
        }

        return value;
    }

    public Guid SnapshotId(string name, string? value)
    {
        if (!Guid.TryParseExact(value, "D", out var id))
        {
            errors.Add(new ValidationError(name, "must be a GUID, e.g. 3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b"));
        }

        return id;
    }

    public int PageSize(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query["pageSize"].ToString();
        if (text.Length == 0)
        {
            return DefaultPageSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > MaxPageSize)
        {
            errors.Add(new ValidationError("pageSize", $"must be an integer from 1 to {MaxPageSize}"));
            return DefaultPageSize;
        }

        return size;
    }

    /// <summary>Our continuation tokens are the storage tokens, base64url-encoded; anything else is rejected.</summary>
    public string? ContinuationToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query["continuationToken"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            if (text.Length <= MaxContinuationTokenLength)
            {
                // Storage tokens are "{nextPartitionKey} {nextRowKey}" in printable ASCII; anything else never came from us.
                var decoded = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
                if (StorageTokenPattern().IsMatch(decoded))
                {
                    return decoded;
                }
            }
        }
        catch (FormatException)
        {
        }

        errors.Add(new ValidationError("continuationToken", "is not a token this API issued"));
        return null;
    }

    public string? IdempotencyKey(HttpRequest request, string header)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Headers[header].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (!StorageKeys.IsValidIdempotencyKey(text))
        {
            errors.Add(new ValidationError(header, "must be 1 to 128 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'"));
            return null;
        }

        return text;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[\\x21-\\x7E]+ [\\x21-\\x7E]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex StorageTokenPattern();

    public static string? EncodeContinuationToken(string? token) =>
        token is null ? null : Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(token));

    public Readiness? Readiness(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query["readiness"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (Enum.TryParse<Readiness>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        errors.Add(new ValidationError("readiness", $"must be one of {string.Join(", ", Enum.GetNames<Readiness>())}"));
        return null;
    }

    public TargetVersion? TargetVersion(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query["targetVersion"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined((TargetVersion)number))
        {
            return (TargetVersion)number;
        }

        errors.Add(new ValidationError("targetVersion", $"must be one of {string.Join(", ", Enum.GetValues<TargetVersion>().Select(v => (int)v))}"));
        return null;
    }

    public string? RuleId(HttpRequest request, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var text = request.Query["ruleId"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (StorageKeys.IsValidKey(text) && catalog.Find(text) is { } rule)
        {
            return rule.Id;
        }

        errors.Add(new ValidationError("ruleId", "is not a rule of the catalog (GET /api/rules)"));
        return null;
    }

    /// <summary>Throws a 400 problem listing every error collected so far.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw ProblemException.InvalidKeys(errors.ToArray());
        }
    }
}
