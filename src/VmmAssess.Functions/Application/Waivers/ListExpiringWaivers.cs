using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>
/// Live waivers that expire within a time span from now, soonest first (for the <c>waiver.expiring</c> notification,
/// 14 days ahead): read from the expiry due rows, each confirmed against its waiver (a revoked one is left out).
/// </summary>
public sealed class ListExpiringWaivers(WaiverRows waivers, TimeProvider time)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(14);

    public async Task<IReadOnlyList<WaiverRecord>> ExecuteAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await waivers.GetDueAsync(now, now + within, 5000, WaiverDue.Expires, cancellationToken).ConfigureAwait(false);
        var live = new List<WaiverRecord>();
        foreach (var d in due)
        {
            if (await waivers.GetAsync(d.TenantId, d.WaiverId, cancellationToken).ConfigureAwait(false) is { } record && record.StateAt(now) == WaiverState.Live)
            {
                live.Add(record);
            }
        }

        return live.OrderBy(r => r.Waiver.ExpiresAt).ThenBy(r => r.Waiver.TenantId, StringComparer.Ordinal).ThenBy(r => r.Waiver.Id, StringComparer.Ordinal).ToArray();
    }
}
