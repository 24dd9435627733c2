using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// Who may do what, and what they did: tenant grants (<c>~grants</c>, row <c>{principalId}|{tenantId}</c>), collector
/// keys (<c>~keys</c>, row <c>{keyId}</c>, holding the SHA-256 of the key and its queue-signing key, never the key) and
/// the audit log (<c>~audit</c>, row <c>{inverted ticks}|{unique}</c>, newest first). '~' cannot start a tenant id, so
/// none of these partitions can be named by a tenant.
/// </summary>
public sealed class AccessRows(AssessmentTable table)
{
    private const string Grants = "~grants";
    private const string Keys = "~keys";
    private const string Audit = "~audit";

    public async Task<IReadOnlyList<TenantId>> GetGrantsAsync(string principalId, CancellationToken cancellationToken)
    {
        var tenants = new List<TenantId>();
        await foreach (var entity in table.QueryAsync($"{PartitionEquals(Grants)} and {RowRange(principalId + "|")}", select: ["TenantId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            tenants.Add(TenantId.Parse(entity.GetString("TenantId")));
        }

        return tenants;
    }

    public Task GrantAsync(string principalId, TenantId tenant, DateTimeOffset at, CancellationToken cancellationToken) =>
        table.Client.UpsertEntityAsync(new TableEntity(Grants, $"{principalId}|{tenant.Value}") { ["Kind"] = "grant", ["PrincipalId"] = principalId, ["TenantId"] = tenant.Value, ["GrantedAt"] = at }, TableUpdateMode.Replace, cancellationToken);

    public async Task RevokeGrantAsync(string principalId, TenantId tenant, CancellationToken cancellationToken) =>
        await table.Client.DeleteEntityAsync(Grants, $"{principalId}|{tenant.Value}", ETag.All, cancellationToken).ConfigureAwait(false);

    public Task SaveKeyAsync(CollectorKeyRecord key, string keyHash, byte[] signingKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entity = new TableEntity(Keys, key.KeyId)
        {
            ["Kind"] = "collector-key",
            ["TenantId"] = key.TenantId.Value,
            ["EnvironmentIds"] = string.Join(' ', key.EnvironmentIds.Select(e => e.Value)),
            ["Description"] = key.Description,
            ["CreatedAt"] = key.CreatedAt,
            ["ExpiresAt"] = key.ExpiresAt,
            ["KeyHash"] = keyHash,
            ["SigningKey"] = signingKey,
        };
        return table.Client.AddEntityAsync(entity, cancellationToken);
    }

    /// <summary>A key with its stored hash and signing key, or null.</summary>
    public async Task<(CollectorKeyRecord Key, string Hash, byte[] SigningKey)?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(Keys, keyId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? (ReadKey(e), e.GetString("KeyHash") ?? "", e.GetBinary("SigningKey") ?? []) : null;
    }

    public async Task<IReadOnlyList<CollectorKeyRecord>> ListKeysAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var keys = new List<CollectorKeyRecord>();
        await foreach (var entity in table.QueryAsync($"{PartitionEquals(Keys)} and TenantId eq '{tenant.Value}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(ReadKey(entity));
        }

        return keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToArray();
    }

    public Task MarkKeyAsync(string keyId, string column, DateTimeOffset at, CancellationToken cancellationToken) =>
        table.Client.UpdateEntityAsync(new TableEntity(Keys, keyId) { [column] = at }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}|{Guid.NewGuid():N}";
        return table.Client.AddEntityAsync(new TableEntity(Audit, row)
        {
            ["Kind"] = "audit",
            ["At"] = entry.At,
            ["PrincipalId"] = entry.PrincipalId,
            ["PrincipalKind"] = entry.PrincipalKind.ToString(),
            ["KeyId"] = entry.KeyId,
            ["Action"] = entry.Action,
            ["TenantId"] = entry.TenantId,
            ["Target"] = entry.Target,
            ["Status"] = entry.Status,
        }, cancellationToken);
    }

    /// <summary>Audit entries newest first, optionally of one tenant and within [from, to).</summary>
    public Task<ResultPage<AuditEntry>> GetAuditPageAsync(TenantId? tenant, DateTimeOffset? from, DateTimeOffset? to, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = $"{PartitionEquals(Audit)}";
        if (to is { } end)
        {
            filter += $" and RowKey gt '{DateTimeOffset.MaxValue.UtcTicks - end.UtcTicks:D19}|'";
        }

        if (from is { } start)
        {
            filter += $" and RowKey lt '{DateTimeOffset.MaxValue.UtcTicks - start.UtcTicks:D19}|~'";
        }

        if (tenant is { } t)
        {
            filter += $" and TenantId eq '{t.Value}'";
        }

        return table.PageAsync(filter, pageSize, continuationToken, e => new AuditEntry(
            e.GetDateTimeOffset("At") ?? default,
            e.GetString("PrincipalId") ?? "",
            Enum.TryParse<PrincipalKind>(e.GetString("PrincipalKind"), out var kind) ? kind : PrincipalKind.User,
            e.GetString("KeyId"),
            e.GetString("Action") ?? "",
            e.GetString("TenantId"),
            e.GetString("Target"),
            e.GetInt32("Status") ?? 0), cancellationToken);
    }

    private static CollectorKeyRecord ReadKey(TableEntity e) => new(
        e.RowKey,
        TenantId.Parse(e.GetString("TenantId")),
        (e.GetString("EnvironmentIds") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(EnvironmentId.Parse).ToArray(),
        e.GetString("Description"),
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetDateTimeOffset("ExpiresAt") ?? default,
        e.GetDateTimeOffset("RevokedAt"),
        e.GetDateTimeOffset("LastUsedAt"));
}
