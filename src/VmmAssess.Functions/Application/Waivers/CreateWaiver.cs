using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>A stored waiver and the environments it was re-applied to.</summary>
public sealed record WaiverChanged(WaiverRecord Record, IReadOnlyList<ReadinessChange> Environments);

/// <summary>
/// Stores a waiver (prepared and validated by <see cref="WaiverRules"/>) and re-applies the tenant's waivers to the
/// environments it covers. Two re-evaluations are recorded as due before the waiver is stored: one now (removed once
/// the re-application succeeded, so a failure in between is finished by the timer) and one at its expiry.
/// </summary>
public sealed class CreateWaiver(WaiverRows waivers, ReapplyWaivers reapply)
{
    public async Task<WaiverChanged> ExecuteAsync(Waiver waiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        var tenant = TenantId.Parse(waiver.TenantId);
        EnvironmentId? environment = waiver.EnvironmentId is { } e ? EnvironmentId.Parse(e) : null;
        var record = new WaiverRecord(waiver, null, null);
        var now = new WaiverDue(waiver.CreatedAt, tenant, waiver.Id, environment, WaiverDue.Created);
        await waivers.AddAsync(record, [now, new WaiverDue(waiver.ExpiresAt, tenant, waiver.Id, environment, WaiverDue.Expires)], cancellationToken).ConfigureAwait(false);
        var changes = await reapply.ExecuteAsync(tenant, environment is { } one ? [one] : null, cancellationToken).ConfigureAwait(false);
        await waivers.RemoveDueAsync([now], cancellationToken).ConfigureAwait(false);
        return new WaiverChanged(record, changes);
    }
}

/// <summary>One waiver of a tenant, whatever its state.</summary>
public sealed class GetWaiver(WaiverRows waivers)
{
    public async Task<WaiverRecord> ExecuteAsync(TenantId tenant, string waiverId, CancellationToken cancellationToken) =>
        await waivers.GetAsync(tenant, waiverId, cancellationToken).ConfigureAwait(false) ?? throw NotFound(tenant, waiverId);

    internal static NotFoundException NotFound(TenantId tenant, string waiverId) => new($"Tenant '{tenant}' has no waiver '{waiverId}'.");
}

/// <summary>A tenant's waivers, one page at a time (live ones unless inactive ones are asked for).</summary>
public sealed class ListWaivers(WaiverRows waivers, TimeProvider time)
{
    public Task<ResultPage<WaiverRecord>> ExecuteAsync(TenantId tenant, WaiverFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        waivers.PageAsync(tenant, filter, time.GetUtcNow(), pageSize, continuationToken, cancellationToken);
}

/// <summary>
/// Revokes a waiver: it stays stored, marked with who revoked it and when (the audit trail of an accepted risk), and
/// the environments it covered are re-evaluated at once. Revoking a revoked waiver changes nothing (idempotent).
/// </summary>
public sealed class RevokeWaiver(WaiverRows waivers, ReapplyWaivers reapply, TimeProvider time)
{
    public async Task<WaiverChanged> ExecuteAsync(TenantId tenant, string waiverId, string revokedBy, CancellationToken cancellationToken)
    {
        var record = await waivers.GetAsync(tenant, waiverId, cancellationToken).ConfigureAwait(false) ?? throw GetWaiver.NotFound(tenant, waiverId);
        if (record.RevokedAt is not null)
        {
            return new WaiverChanged(record, []);
        }

        var now = time.GetUtcNow();
        EnvironmentId? environment = record.Waiver.EnvironmentId is { } e ? EnvironmentId.Parse(e) : null;
        var due = new WaiverDue(now, tenant, waiverId, environment, WaiverDue.Revoked);
        await waivers.AddDueAsync([due], cancellationToken).ConfigureAwait(false);
        await waivers.RevokeAsync(tenant, waiverId, now, revokedBy, cancellationToken).ConfigureAwait(false);
        var changes = await reapply.ExecuteAsync(tenant, environment is { } one ? [one] : null, cancellationToken).ConfigureAwait(false);
        await waivers.RemoveDueAsync([due, new WaiverDue(record.Waiver.ExpiresAt, tenant, waiverId, environment, WaiverDue.Expires)], cancellationToken).ConfigureAwait(false);
        return new WaiverChanged(record with { RevokedAt = now, RevokedBy = revokedBy }, changes);
    }
}
