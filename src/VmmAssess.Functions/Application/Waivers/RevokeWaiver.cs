using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

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
        // The re-evaluation due now stays for the next sweep (as for a creation); the one at the expiry has no purpose left.
        await waivers.RemoveDueAsync([new WaiverDue(record.Waiver.ExpiresAt, tenant, waiverId, environment, WaiverDue.Expires)], cancellationToken).ConfigureAwait(false);
        return new WaiverChanged(record with { RevokedAt = now, RevokedBy = revokedBy }, changes);
    }
}
