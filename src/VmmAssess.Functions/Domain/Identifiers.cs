using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace VmmAssess.Functions.Domain;

/// <summary>
/// The syntax of every key that reaches Table Storage: 1–64 characters from A–Z, a–z, 0–9, '.', '_' and '-' (the
/// snapshot contract's key pattern), which excludes everything Table Storage forbids in keys ('/', '\', '#', '?',
/// control characters) and the row-key separators ('|', '~'); '.' and '..' alone are refused (path segments). Anchored at the true end of input (<c>\z</c>): <c>$</c>
/// would also match before a final newline.
/// </summary>
internal static partial class KeySyntax
{
    public const int MaxLength = 64;

    public const string Description = "must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots";

    [GeneratedRegex(@"\A(?!\.+\z)[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Key();

    [GeneratedRegex(@"\A[A-Za-z0-9._:-]{1,128}\z", RegexOptions.CultureInvariant)]
    public static partial Regex IdempotencyKey();

    public static bool IsKey([NotNullWhen(true)] string? value) => value is not null && Key().IsMatch(value);
}

/// <summary>A customer (tenant) id: the partition of all its data. Parsed once where it enters the app.</summary>
public readonly record struct TenantId
{
    private readonly string? value;

    private TenantId(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException("An uninitialised TenantId was used.");

    public static bool TryParse([NotNullWhen(true)] string? text, out TenantId id)
    {
        id = KeySyntax.IsKey(text) ? new TenantId(text) : default;
        return id.value is not null;
    }

    public static TenantId Parse(string? text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a tenant id: it {KeySyntax.Description}.");

    public override string ToString() => Value;
}

/// <summary>An environment (one VMM deployment) of a tenant.</summary>
public readonly record struct EnvironmentId
{
    private readonly string? value;

    private EnvironmentId(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException("An uninitialised EnvironmentId was used.");

    public static bool TryParse([NotNullWhen(true)] string? text, out EnvironmentId id)
    {
        id = KeySyntax.IsKey(text) ? new EnvironmentId(text) : default;
        return id.value is not null;
    }

    public static EnvironmentId Parse(string? text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an environment id: it {KeySyntax.Description}.");

    public override string ToString() => Value;
}

/// <summary>A rule id of the catalog (<c>VMM-SQL-001</c>), in the catalog's spelling.</summary>
public readonly record struct RuleId
{
    private readonly string? value;

    private RuleId(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException("An uninitialised RuleId was used.");

    /// <summary>A rule id of <paramref name="catalog"/>, matched case-insensitively and returned as the catalog spells it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, Core.Rules.RuleCatalog catalog, out RuleId id)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        id = KeySyntax.IsKey(text) && catalog.Find(text) is { } rule ? new RuleId(rule.Id) : default;
        return id.value is not null;
    }

    public override string ToString() => Value;
}

/// <summary>A client's <c>Idempotency-Key</c>: 1–128 characters from A–Z, a–z, 0–9, '.', '_', ':' and '-'.</summary>
public readonly record struct IdempotencyKey
{
    public const string Description = "must be 1 to 128 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'";

    private readonly string? value;

    private IdempotencyKey(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException("An uninitialised IdempotencyKey was used.");

    public static bool TryParse([NotNullWhen(true)] string? text, out IdempotencyKey key)
    {
        key = text is not null && KeySyntax.IdempotencyKey().IsMatch(text) ? new IdempotencyKey(text) : default;
        return key.value is not null;
    }

    public override string ToString() => Value;
}
