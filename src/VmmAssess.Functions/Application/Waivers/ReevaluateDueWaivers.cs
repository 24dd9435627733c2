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
