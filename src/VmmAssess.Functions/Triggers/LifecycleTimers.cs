using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using VmmAssess.Functions.Application.Lifecycle;

namespace VmmAssess.Functions.Triggers;

/// <summary>
/// The timer-triggered housekeeping (docs/architecture.md, "Data lifecycle"): retention once a day, and every ten minutes
/// the healing sweep, which re-sends snapshots left Queued and advances tenant deletions in bounded batches.
/// </summary>
public sealed partial class LifecycleTimers(ApplyRetention retention, ResendStaleQueued resend, ContinueTenantDeletions deletions, ILogger<LifecycleTimers> logger)
{
    /// <summary>Daily at 02:30 UTC (NCRONTAB with seconds).</summary>
    public const string RetentionSchedule = "0 30 2 * * *";

    /// <summary>Every ten minutes.</summary>
    public const string HealingSchedule = "0 */10 * * * *";

    /// <summary>Time a healing run spends on tenant deletions, well inside the Flex Consumption default timeout.</summary>
    public static readonly TimeSpan DeletionBudget = TimeSpan.FromMinutes(4);

    [Function("ApplyRetention")]
    public async Task<int> ApplyRetentionAsync([TimerTrigger(RetentionSchedule)] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var deleted = await retention.ExecuteAsync(context.CancellationToken).ConfigureAwait(false);
        LogRetention(logger, deleted);
        return deleted;
    }

    [Function("HealingSweep")]
    public async Task<int> HealingSweepAsync([TimerTrigger(HealingSchedule)] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var resent = await resend.ExecuteAsync(context.CancellationToken).ConfigureAwait(false);
        var deleted = await deletions.ExecuteAsync(DeletionBudget, context.CancellationToken).ConfigureAwait(false);
        LogHealing(logger, resent, deleted);
        return resent;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Retention removed {Rows} rows")]
    private static partial void LogRetention(ILogger logger, int rows);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Healing sweep re-sent {Resent} Queued snapshots; tenant deletions removed {Rows} rows")]
    private static partial void LogHealing(ILogger logger, int resent, long rows);
}
