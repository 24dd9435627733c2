using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Application;

namespace VmmAssess.Functions.Api;

/// <summary>
/// Binds a request's route values, query parameters and headers to typed values before any storage call, collecting
/// every error, so one 400 answer lists them all. Each function binds through one of these (see <see cref="HttpEndpoint"/>).
/// </summary>
public sealed partial class RequestBinder(HttpRequest request, Caller caller)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const int MaxContinuationTokenLength = 2048;

    private readonly List<ValidationError> errors = [];

    public HttpRequest Request { get; } = request ?? throw new ArgumentNullException(nameof(request));

    /// <summary>The authenticated caller (for use cases that depend on who calls).</summary>
    public Caller Caller { get; } = caller ?? throw new ArgumentNullException(nameof(caller));

    /// <summary>The tenant the request acts on, which the caller is authorized for before the use case runs.</summary>
    public TenantId? BoundTenant { get; private set; }

    /// <summary>What the request acts on besides the tenant (for the audit log).</summary>
    public string? Target { get; set; }

    /// <summary>The route's tenant.</summary>
    public TenantId Tenant(string? tenantId) => BindTenant("tenantId", tenantId);

    public EnvironmentId Environment(string? environmentId) =>
        Bind("environmentId", environmentId, (string? e, out EnvironmentId id) => EnvironmentId.TryParse(e, out id), KeySyntax.Description);

    public Guid SnapshotId(string? snapshotId) =>
        Bind("snapshotId", snapshotId, (string? s, out Guid id) => Guid.TryParseExact(s, "D", out id), "must be a GUID, e.g. 3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b");

    public int PageSize() =>
        Optional("pageSize", Query("pageSize"), (string? t, out int size) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxPageSize, $"must be an integer from 1 to {MaxPageSize}") ?? DefaultPageSize;

    /// <summary>Our continuation tokens are the storage tokens, base64url-encoded; anything else is rejected.</summary>
    public string? ContinuationToken() =>
        Optional("continuationToken", Query("continuationToken"), TryDecodeToken, "is not a token this API issued");

    public IdempotencyKey? IdempotencyKey(string header) =>
        Optional(header, Request.Headers[header].ToString(), (string? t, out IdempotencyKey key) => Domain.IdempotencyKey.TryParse(t, out key), Domain.IdempotencyKey.Description);

    public Readiness? Readiness() =>
        Optional("readiness", Query("readiness"), (string? t, out Readiness value) => Enum.TryParse(t, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(t, out _),
            $"must be one of {string.Join(", ", Enum.GetNames<Readiness>())}");

    public TargetVersion? TargetVersion() =>
        Optional("targetVersion", Query("targetVersion"), (string? t, out TargetVersion value) =>
            {
                value = int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (TargetVersion)number : default;
                return Enum.IsDefined(value) && value != default;
            },
            $"must be one of {string.Join(", ", Enum.GetValues<TargetVersion>().Select(v => (int)v))}");

    public RuleId? RuleId(RuleCatalog catalog) =>
        Optional("ruleId", Query("ruleId"), (string? t, out RuleId id) => Domain.RuleId.TryParse(t, catalog, out id), "is not a rule of the catalog (GET /api/rules)");

    /// <summary>An optional whole-number query parameter within bounds.</summary>
    public int WholeNumber(string name, int defaultValue, int min, int max) =>
        Optional(name, Query(name), (string? t, out int value) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max, $"must be an integer from {min} to {max}") ?? defaultValue;

    /// <summary>Every value of a repeatable query parameter as a non-negative integer; null when absent.</summary>
    public IReadOnlySet<long>? Integers(string name)
    {
        var values = Request.Query[name];
        if (values.Count == 0)
        {
            return null;
        }

        var set = new HashSet<long>();
        foreach (var text in values)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                errors.Add(new ValidationError(name, "must be a non-negative integer"));
                return null;
            }

            set.Add(number);
        }

        return set;
    }

    /// <summary>A tenant id read from a request body.</summary>
    public TenantId? OptionalTenant(string path, string? tenantId)
    {
        if (tenantId is null)
        {
            return null;
        }

        return BindTenant(path, tenantId);
    }

    /// <summary>Parses the tenant once: the value for the use case, and (when valid) the tenant the caller is authorized for.</summary>
    private TenantId BindTenant(string name, string? tenantId)
    {
        if (TenantId.TryParse(tenantId, out var tenant))
        {
            BoundTenant = tenant;
            return tenant;
        }

        errors.Add(new ValidationError(name, KeySyntax.Description));
        return default;
    }

    /// <summary>An environment id read from a request body.</summary>
    public EnvironmentId BodyEnvironment(string path, string? environmentId) =>
        Bind(path, environmentId, (string? e, out EnvironmentId id) => EnvironmentId.TryParse(e, out id), KeySyntax.Description);

    /// <summary>A collector key id from the route (16 lowercase hex characters).</summary>
    public string KeyId(string? keyId)
    {
        Target = keyId;
        if (Application.Access.CollectorKeys.IsKeyId(keyId))
        {
            return keyId;
        }

        errors.Add(new ValidationError("keyId", "must be 16 lowercase hexadecimal characters"));
        return "";
    }

    /// <summary>A webhook subscription id from the route (<c>sub_</c> and 16 lowercase hexadecimal characters).</summary>
    public string SubscriptionId(string? subscriptionId)
    {
        Target = subscriptionId;
        if (Subscription.IsId(subscriptionId))
        {
            return subscriptionId;
        }

        errors.Add(new ValidationError("subscriptionId", "must be 'sub_' and 16 lowercase hexadecimal characters"));
        return "";
    }

    /// <summary>An Entra object id (GUID) from the route.</summary>
    public Guid PrincipalId(string? principalId) =>
        Bind("principalId", principalId, (string? p, out Guid id) => Guid.TryParseExact(p, "D", out id), "must be a Microsoft Entra object id (GUID)");

    /// <summary>An optional timestamp query parameter (ISO 8601 with offset).</summary>
    public DateTimeOffset? Timestamp(string name) =>
        Optional(name, Query(name), (string? t, out DateTimeOffset value) => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value) && t!.Contains('T', StringComparison.Ordinal), "must be an ISO 8601 timestamp, e.g. 2026-11-27T00:00:00Z");

    /// <summary>An optional tenant filter from the query string (not authorized against: operators only).</summary>
    public TenantId? TenantFilter(string name) =>
        Optional(name, Query(name), (string? t, out TenantId id) => TenantId.TryParse(t, out id), KeySyntax.Description);

    /// <summary>A waiver id from the route (the key syntax; the server issues GUIDs).</summary>
    public string WaiverId(string? waiverId)
    {
        Target = waiverId;
        if (WaiverValidation.IsKey(waiverId))
        {
            return waiverId!;
        }

        errors.Add(new ValidationError("waiverId", KeySyntax.Description));
        return "";
    }

    /// <summary>An optional environment id from the query string.</summary>
    public EnvironmentId? EnvironmentFilter(string name) =>
        Optional(name, Query(name), (string? t, out EnvironmentId id) => EnvironmentId.TryParse(t, out id), KeySyntax.Description);

    /// <summary>An optional <c>true</c>/<c>false</c> query parameter.</summary>
    public bool Flag(string name) =>
        Optional(name, Query(name), (string? t, out bool value) => bool.TryParse(t, out value), "must be true or false") ?? false;

    /// <summary>The request body as JSON of <typeparamref name="T"/>; null (with the error recorded) when it is missing,
    /// too large or not that JSON.</summary>
    public T? Json<T>(RequestBody body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Error is null && body.Bytes.Length == 0)
        {
            errors.Add(new ValidationError("$", "a JSON body is required"));
            return null;
        }

        return OptionalJson(body, typeInfo);
    }

    /// <summary>The request body as JSON of <typeparamref name="T"/>, or null when the body is empty (every property
    /// optional); null with the error recorded when it is too large or not that JSON.</summary>
    public T? OptionalJson<T>(RequestBody body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Error is { } error)
        {
            errors.Add(error);
            return null;
        }

        if (body.Bytes.Length == 0)
        {
            return null;
        }

        try
        {
            var value = JsonSerializer.Deserialize(body.Bytes, typeInfo);
            if (value is null)
            {
                errors.Add(new ValidationError("$", "must be a JSON object"));
            }

            return value;
        }
        catch (JsonException ex)
        {
            errors.Add(new ValidationError(ex.Path ?? "$", "is not valid JSON for this request"));
            return null;
        }
    }

    /// <summary>Records errors found by a use case's own checks of what was bound (reported in the same 400).</summary>
    public void Add(IEnumerable<ValidationError> problems) => errors.AddRange(problems);

    /// <summary>Throws one 400 listing every error collected so far.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors.ToArray());
        }
    }

    public static string? EncodeContinuationToken(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private string Query(string name) => Request.Query[name].ToString();

    private delegate bool TryParse<T>(string? text, out T value);

    private T Bind<T>(string name, string? text, TryParse<T> parse, string problem)
        where T : struct
    {
        if (parse(text, out var value))
        {
            return value;
        }

        errors.Add(new ValidationError(name, problem));
        return default;
    }

    private T? Optional<T>(string name, string text, TryParse<T> parse, string problem)
        where T : struct =>
        TryOptional(name, text, parse, problem, out var value) ? value : null;

    private string? Optional(string name, string text, TryParse<string> parse, string problem) =>
        TryOptional(name, text, parse, problem, out var value) ? value : null;

    /// <summary>True for a present, valid value; an absent one is no error, an invalid one is recorded.</summary>
    private bool TryOptional<T>(string name, string text, TryParse<T> parse, string problem, out T value)
    {
        if (text.Length == 0)
        {
            value = default!;
            return false;
        }

        if (parse(text, out value))
        {
            return true;
        }

        errors.Add(new ValidationError(name, problem));
        return false;
    }

    private static bool TryDecodeToken(string? text, out string token)
    {
        token = "";
        if (text is null || text.Length > MaxContinuationTokenLength)
        {
            return false;
        }

        try
        {
            // Storage tokens are "{nextPartitionKey} {nextRowKey}" in printable ASCII; anything else never came from us.
            token = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            return StorageTokenPattern().IsMatch(token);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("\\A[\\x21-\\x7E]+ [\\x21-\\x7E]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StorageTokenPattern();
}
