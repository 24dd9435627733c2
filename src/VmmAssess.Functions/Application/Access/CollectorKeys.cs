using System.Security.Cryptography;
using System.Text;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Access;

/// <summary>A newly issued key: the only time its text is shown.</summary>
public sealed record IssuedCollectorKey(CollectorKeyRecord Record, string Key);

/// <summary>
/// Collector keys for customer sites: <c>vmmak_{keyId}_{secret}</c> (a prefix secret scanners can recognise, a 16-hex
/// key id, 32 random bytes base64url). Stored as a SHA-256 hash (the secret has 256 bits of entropy, so a plain hash
/// cannot be reversed) plus the key's queue-signing key (see <see cref="QueueSignature"/>); never the key itself.
/// </summary>
public sealed class CollectorKeys(AccessRows rows, TimeProvider time)
{
    public const string Prefix = "vmmak_";

    /// <summary>Longest lifetime an operator may give a key.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(730);

    public async Task<IssuedCollectorKey> IssueAsync(TenantId tenant, IReadOnlyList<EnvironmentId> environments, DateTimeOffset? expiresAt, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environments);
        var now = time.GetUtcNow();
        var expires = expiresAt ?? now.AddDays(365);
        if (expires <= now || expires > now + MaxLifetime)
        {
            throw new InvalidRequestException([new ValidationError("$.expiresAt", $"must be in the future and at most {MaxLifetime.TotalDays:0} days away")]);
        }

        if (description is { Length: > 256 })
        {
            throw new InvalidRequestException([new ValidationError("$.description", "must be at most 256 characters")]);
        }

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var key = $"{Prefix}{keyId}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var record = new CollectorKeyRecord(keyId, tenant, environments.Distinct().ToArray(), description, now, expires, null, null);
        await rows.SaveKeyAsync(record, Hash(key), QueueSignature.SigningKey(key), cancellationToken).ConfigureAwait(false);
        return new IssuedCollectorKey(record, key);
    }

    public Task<IReadOnlyList<CollectorKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken) => rows.ListKeysAsync(tenant, cancellationToken);

    public async Task RevokeAsync(TenantId tenant, string keyId, CancellationToken cancellationToken)
    {
        if (await rows.FindKeyAsync(keyId, cancellationToken).ConfigureAwait(false) is not { } found || found.Key.TenantId != tenant)
        {
            throw new NotFoundException($"Tenant '{tenant}' has no collector key '{keyId}'.");
        }

        if (found.Key.RevokedAt is null)
        {
            await rows.MarkKeyAsync(keyId, "RevokedAt", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The caller a key text stands for, or null when it is malformed, unknown, revoked or expired.</summary>
    public async Task<Caller?> AuthenticateAsync(string keyText, CancellationToken cancellationToken)
    {
        if (KeyIdOf(keyText) is not { } keyId || await rows.FindKeyAsync(keyId, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(keyText)), Encoding.ASCII.GetBytes(found.Hash));
        if (!matches || !found.Key.IsUsableAt(now))
        {
            return null;
        }

        // Last use is kept to the minute: enough to see when a rotated key went quiet, without a write per request.
        if (found.Key.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            await rows.MarkKeyAsync(keyId, "LastUsedAt", now, cancellationToken).ConfigureAwait(false);
        }

        return new Caller($"collector-key:{keyId}", PrincipalKind.CollectorKey, new HashSet<Role>(), new CollectorKeyScope(keyId, found.Key.TenantId, found.Key.EnvironmentIds));
    }

    /// <summary>The key id of a well-formed key text, else null.</summary>
    public static string? KeyIdOf(string? keyText)
    {
        if (keyText is null || !keyText.StartsWith(Prefix, StringComparison.Ordinal) || keyText.Length != Prefix.Length + 16 + 1 + 43 || keyText[Prefix.Length + 16] != '_')
        {
            return null;
        }

        var keyId = keyText.Substring(Prefix.Length, 16);
        return IsKeyId(keyId) ? keyId : null;
    }

    /// <summary>A key id: 16 lowercase hexadecimal characters.</summary>
    public static bool IsKeyId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? keyId) => keyId is { Length: 16 } && keyId.All(char.IsAsciiHexDigitLower);

    private static string Hash(string keyText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyText)));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
