using Microsoft.Extensions.Options;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>Retention: raw snapshots and rejected payloads older than <c>Assessment__RetentionDays</c> are removed,
/// summaries, findings and history stay; webhook delivery attempts older than <c>Notifications__DeliveryLogDays</c>
/// are removed. Returns the number of rows deleted.</summary>
public sealed class ApplyRetention(LifecycleRows lifecycle, SubscriptionRows subscriptions, IOptions<AssessmentOptions> options, IOptions<NotificationOptions> notifications, TimeProvider time)
{
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var snapshots = await lifecycle.ApplyRetentionAsync(now - TimeSpan.FromDays(options.Value.RetentionDays), cancellationToken).ConfigureAwait(false);
        var deliveries = await subscriptions.PruneAttemptsAsync(now - TimeSpan.FromDays(notifications.Value.DeliveryLogDays), cancellationToken).ConfigureAwait(false);
        return snapshots + deliveries;
    }
}
