using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>
/// The waiver timer's work: every re-evaluation due by now (waivers that expired since the last run, and creations or
/// revocations whose own re-application did not finish) re-applies the waivers to the environments concerned, then its
/// due rows are removed. A tenant that fails keeps its rows for the next run; the others go on. Bounded per run.
/// </summary>
public sealed partial class ReevaluateDueWaivers(WaiverRows waivers, ReapplyWaivers reapply, TimeProvider time, ILogger<ReevaluateDueWaivers> logger)
{
    public const int MaxDuePerRun = 500;

    public async Task<IReadOnlyList<ReadinessChange>> ExecuteAsync(CancellationToken cancellationToken)
    {
        var due = await waivers.GetDueAsync(DateTimeOffset.UnixEpoch, time.GetUtcNow(), MaxDuePerRun, reason: null, cancellationToken).ConfigureAwait(false);
        var changes = new List<ReadinessChange>();
        foreach (var tenant in due.GroupBy(d => d.TenantId))
        {
            var environments = tenant.Any(d => d.EnvironmentId is null) ? null : tenant.Select(d => d.EnvironmentId!.Value).ToHashSet();
            try
            {
                changes.AddRange(await reapply.ExecuteAsync(tenant.Key, environments, cancellationToken).ConfigureAwait(false));
                await waivers.RemoveDueAsync(tenant.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or ConcurrencyException)
            {
                LogFailed(logger, tenant.Key.Value, ex);
            }
        }

        return changes;
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Waivers of tenant {TenantId} could not be re-applied; the next run retries")]
    private static partial void LogFailed(ILogger logger, string tenantId, Exception exception);
}

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
