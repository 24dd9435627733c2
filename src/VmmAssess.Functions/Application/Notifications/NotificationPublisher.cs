using VmmAssess.Functions.Infrastructure.Messaging;

namespace VmmAssess.Functions.Application.Notifications;

/// <summary>
/// Where events enter the notification pipeline. Each method builds the event and only enqueues it (one message on
/// the notification queue; the queue's trigger finds the matching subscriptions and calls them), so no subscriber's
/// endpoint is ever called from the path that raised the event. Publishing never fails the caller: when the queue
/// cannot take the event it is logged and dropped (an assessment must not fail or be retried for a notification).
/// </summary>
public sealed partial class NotificationPublisher(NotificationQueueClient queue, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationPublisher> logger)
{
    private const int MaxErrorsInEvent = 10;

    private string LinkBase => options.Value.LinkBase;

    /// <summary><c>assessment.completed</c>: every completed assessment. <paramref name="readinessBefore"/> is the
    /// environment's latest readiness before this one (null for its first, or for an older snapshot that did not become
    /// the latest); <paramref name="changes"/> the delta's counts when a comparison was made.</summary>
    public Task<bool> AssessmentCompletedAsync(TenantId tenant, EnvironmentId environment, Guid snapshotId, Readiness? readinessBefore, Readiness readinessAfter, bool isLatest, ChangeCounts? changes, CancellationToken cancellationToken) =>
        PublishAssessmentAsync(NotificationEventTypes.AssessmentCompleted, tenant, environment, snapshotId, readinessBefore, readinessAfter, isLatest, changes, cancellationToken);

    /// <summary><c>readiness.changed</c>: the environment's latest readiness differs from the one before.</summary>
    public Task<bool> ReadinessChangedAsync(TenantId tenant, EnvironmentId environment, Guid snapshotId, Readiness readinessBefore, Readiness readinessAfter, ChangeCounts? changes, CancellationToken cancellationToken) =>
        PublishAssessmentAsync(NotificationEventTypes.ReadinessChanged, tenant, environment, snapshotId, readinessBefore, readinessAfter, isLatest: true, changes, cancellationToken);

    /// <summary><c>snapshot.rejected</c>: a snapshot of a known tenant was invalid (unattributed input raises nothing).</summary>
    public Task<bool> SnapshotRejectedAsync(TenantId tenant, string? environmentId, Guid snapshotId, IReadOnlyList<ValidationError> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var data = new RejectedEventData(tenant.Value, environmentId, snapshotId, errors.Count, errors.Take(MaxErrorsInEvent).ToArray(),
            NotificationEvents.AssessmentLinks(LinkBase, tenant, null, snapshotId));
        return PublishAsync(NotificationEvents.Encode(NotificationEventTypes.SnapshotRejected, NotificationEvents.NewId(), tenant, environmentId, time.GetUtcNow(), LinkBase, data,
            NotificationEvents.Context.RejectedEventData), cancellationToken);
    }

    /// <summary><c>waiver.expiring</c>: a waiver (accepted risk) expires within 14 days; raised once per waiver by the
    /// caller (a daily timer over the waivers that expire within the window).</summary>
    public Task<bool> WaiverExpiringAsync(TenantId tenant, EnvironmentId? environment, string waiverId, string ruleId, string? reason, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiverId);
        ArgumentNullException.ThrowIfNull(ruleId);
        var links = new EventLinks(null, null, null, $"{LinkBase}/api/tenants/{tenant.Value}/waivers/{waiverId}");
        var data = new WaiverEventData(tenant.Value, environment?.Value, waiverId, ruleId, reason, expiresAt, links);
        return PublishAsync(NotificationEvents.Encode(NotificationEventTypes.WaiverExpiring, NotificationEvents.NewId(), tenant, waiverId, time.GetUtcNow(), LinkBase, data,
            NotificationEvents.Context.WaiverEventData), cancellationToken);
    }

    /// <summary>How far ahead of a waiver's expiry <c>waiver.expiring</c> is raised.</summary>
    public static readonly TimeSpan WaiverExpiringWindow = TimeSpan.FromDays(14);

    private Task<bool> PublishAssessmentAsync(string type, TenantId tenant, EnvironmentId environment, Guid snapshotId, Readiness? before, Readiness after, bool isLatest, ChangeCounts? changes, CancellationToken cancellationToken)
    {
        var data = new AssessmentEventData(tenant.Value, environment.Value, snapshotId, before, after, isLatest, changes,
            NotificationEvents.AssessmentLinks(LinkBase, tenant, environment, snapshotId));
        return PublishAsync(NotificationEvents.Encode(type, NotificationEvents.NewId(), tenant, environment.Value, time.GetUtcNow(), LinkBase, data,
            NotificationEvents.Context.AssessmentEventData), cancellationToken);
    }

    private async Task<bool> PublishAsync(EncodedEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendEventAsync(e.Id, e.Type, e.Tenant!.Value, e.Body, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotPublished(logger, e.Type, e.Tenant?.Value, e.Id, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Event {EventType} of tenant {TenantId} not published (id {EventId}): the notification queue did not take it")]
    private static partial void LogNotPublished(ILogger logger, string eventType, string? tenantId, string eventId, Exception exception);
}
