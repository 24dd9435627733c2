using Microsoft.Extensions.Options;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>
/// Healing: a snapshot stored Queued whose message was never sent (a 503 between the two steps) or was lost stays Queued.
/// Sends each one older than <c>Assessment__QueuedResendAfterMinutes</c> again as a claim-check under its own id
/// (message id = snapshot id, so a copy still in the queue is dropped by duplicate detection). Returns how many.
/// </summary>
public sealed class ResendStaleQueued(LifecycleRows lifecycle, SnapshotQueueClient queue, IOptions<AssessmentOptions> options, TimeProvider time)
{
    public const int MaxPerRun = 500;

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var stale = await lifecycle.ListStaleQueuedAsync(time.GetUtcNow() - options.Value.QueuedResendAfter, MaxPerRun, cancellationToken).ConfigureAwait(false);
        foreach (var item in stale)
        {
            await queue.ResendQueuedAsync(item.Snapshot, cancellationToken).ConfigureAwait(false);
        }

        return stale.Count;
    }
}
