using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>A stored waiver and the environments it was re-applied to.</summary>
public sealed record WaiverChanged(WaiverRecord Record, IReadOnlyList<ReadinessChange> Environments);

/// <summary>
/// Stores a waiver (prepared and validated by <see cref="WaiverRules"/>) and re-applies the tenant's waivers to the
/// environments it covers. Two re-evaluations are recorded as due before the waiver is stored: one now and one at its
/// expiry. The one due now is left for the next sweep, which re-evaluates once more: it finishes a re-application
/// that failed here, and brings in line a first snapshot of an environment processed concurrently (an environment
/// without a latest row has nothing the re-application could guard).
/// </summary>
public sealed class CreateWaiver(WaiverRows waivers, ReapplyWaivers reapply)
{
    public async Task<WaiverChanged> ExecuteAsync(Waiver waiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        var tenant = TenantId.Parse(waiver.TenantId);
        EnvironmentId? environment = waiver.EnvironmentId is { } e ? EnvironmentId.Parse(e) : null;
        var record = new WaiverRecord(waiver, null, null);
        await waivers.AddAsync(record, WaiverDue.ForNewWaiver(waiver, tenant, environment), cancellationToken).ConfigureAwait(false);
        var changes = await reapply.ExecuteAsync(tenant, environment is { } one ? [one] : null, cancellationToken).ConfigureAwait(false);
        return new WaiverChanged(record, changes);
    }
}
