using VmmAssess.Functions.Application.Notifications;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>
/// The waiver timer's work: every re-evaluation due by now (waivers that expired since the last run, and creations or
/// revocations whose own re-application did not finish) re-applies the waivers to the environments concerned, then its
/// due rows are removed. A tenant that fails keeps its rows for the next run; the others go on. Bounded per run.
/// Expiry notices that fell due (<see cref="WaiverDue.Expiring"/>) raise <c>waiver.expiring</c> for a waiver still live,
/// once: the row is removed after the event is queued.
/// </summary>
public sealed partial class ReevaluateDueWaivers(WaiverRows waivers, ReapplyWaivers reapply, NotificationPublisher notifications, TimeProvider time, ILogger<ReevaluateDueWaivers> logger)
{
    public const int MaxDuePerRun = 500;

    public async Task<IReadOnlyList<ReadinessChange>> ExecuteAsync(CancellationToken cancellationToken)
    {
        var due = await waivers.GetDueAsync(DateTimeOffset.UnixEpoch, time.GetUtcNow(), MaxDuePerRun, reason: null, cancellationToken).ConfigureAwait(false);
        var changes = new List<ReadinessChange>();
        foreach (var notice in due.Where(d => d.Reason == WaiverDue.Expiring))
        {
            await NoticeAsync(notice, cancellationToken).ConfigureAwait(false);
        }

        foreach (var tenant in due.Where(d => d.Reason != WaiverDue.Expiring).GroupBy(d => d.TenantId))
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

    private async Task NoticeAsync(WaiverDue notice, CancellationToken cancellationToken)
    {
        try
        {
            if (await waivers.GetAsync(notice.TenantId, notice.WaiverId, cancellationToken).ConfigureAwait(false) is { } record && record.StateAt(time.GetUtcNow()) == WaiverState.Live)
            {
                var waiver = record.Waiver;
                var sent = await notifications.WaiverExpiringAsync(notice.TenantId, notice.EnvironmentId, waiver.Id, waiver.RuleId, waiver.Reason, waiver.ExpiresAt, cancellationToken).ConfigureAwait(false);
                if (!sent)
                {
                    return; // not queued (the publisher logged why): the row stays for the next run
                }
            }

            await waivers.RemoveDueAsync([notice], cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            LogFailed(logger, notice.TenantId.Value, ex);
        }
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Waivers of tenant {TenantId} could not be re-applied; the next run retries")]
    private static partial void LogFailed(ILogger logger, string tenantId, Exception exception);
}
