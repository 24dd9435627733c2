using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using VmmAssess.Functions.Application.Waivers;

namespace VmmAssess.Functions.Triggers;

/// <summary>
/// Waivers expire without a new snapshot: every ten minutes the re-evaluations that fell due (expiries since the last run,
/// and creations or revocations whose own re-application did not finish) re-apply the waivers to the environments
/// concerned, so their readiness flips back within ten minutes of an expiry (docs/architecture.md, "Waivers").
/// </summary>
public sealed partial class WaiverTimers(ReevaluateDueWaivers reevaluate, ILogger<WaiverTimers> logger)
{
    /// <summary>Every ten minutes, offset from the healing sweep (NCRONTAB with seconds).</summary>
    public const string ExpirySchedule = "0 5-59/10 * * * *";

    [Function("WaiverExpirySweep")]
    public async Task<int> WaiverExpirySweepAsync([TimerTrigger(ExpirySchedule)] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var changes = await reevaluate.ExecuteAsync(context.CancellationToken).ConfigureAwait(false);
        var changed = changes.Count(c => c.Changed);
        LogSweep(logger, changes.Count, changed);
        return changes.Count;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Waiver sweep re-evaluated {Environments} environments; {Changed} changed readiness")]
    private static partial void LogSweep(ILogger logger, int environments, int changed);
}
