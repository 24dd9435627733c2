using VmmAssess.Functions.Application.Notifications;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>
/// Brings environments' latest assessments in line with the tenant's waivers as of now: the stored result is re-applied
/// (Core's <see cref="WaiverApplication"/> removes old marks and adds the live ones), and when that changes it, the
/// assessment, its history row, the latest readiness (ETag-guarded) and the portfolio rows are rewritten, and its
/// comparison's after side refreshed. When nothing changes the latest row is still touched under its ETag, so a snapshot
/// processed concurrently with the old waivers must reload them. Older assessments keep the waivers of their time.
/// </summary>
public sealed partial class ReapplyWaivers(AssessmentRows rows, AssessmentReads reads, PortfolioProjection portfolio, NotificationPublisher notifications, TimeProvider time, ILogger<ReapplyWaivers> logger)
{
    private const int MaxConcurrencyRetries = 8;

    /// <param name="environments">The environments to re-evaluate; null for every environment of the tenant.</param>
    /// <returns>One entry per environment re-evaluated: its readiness before and after.</returns>
    public async Task<IReadOnlyList<ReadinessChange>> ExecuteAsync(TenantId tenant, IReadOnlyCollection<EnvironmentId>? environments, CancellationToken cancellationToken)
    {
        var latest = await reads.ListLatestSnapshotsAsync(tenant, cancellationToken).ConfigureAwait(false);
        var changes = new List<ReadinessChange>();
        foreach (var snapshot in latest)
        {
            if (snapshot.EnvironmentId is { } environment && (environments is null || environments.Contains(environment))
                && await ReapplyAsync(tenant, environment, snapshot.SnapshotId, cancellationToken).ConfigureAwait(false) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    private async Task<ReadinessChange?> ReapplyAsync(TenantId tenant, EnvironmentId environment, Guid snapshotId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await rows.LoadProcessingStateAsync(tenant, snapshotId, environment, includeRaw: false, cancellationToken).ConfigureAwait(false);
            if (state.Latest is not { } latest)
            {
                return null; // the environment was deleted meanwhile
            }

            if (latest.SnapshotId != snapshotId)
            {
                snapshotId = latest.SnapshotId; // a newer snapshot became the latest meanwhile: that is the one to bring in line
                continue;
            }

            var stored = await reads.GetAssessmentAsync(tenant, snapshotId, cancellationToken).ConfigureAwait(false);
            if (stored?.Result is not { } result || state.Header is not { ContentHash: { } hash } header)
            {
                return null;
            }

            var waivers = state.Waivers.Where(w => w.Covers(environment)).Select(w => w.Waiver).ToArray();
            var waived = WaiverApplication.Apply(result, waivers, time.GetUtcNow());
            try
            {
                if (SameResult(result, waived))
                {
                    await rows.TouchLatestAsync(tenant, environment, state, cancellationToken).ConfigureAwait(false);
                    return new ReadinessChange(tenant, environment, snapshotId, latest.Readiness, latest.Readiness, latest.Counts);
                }

                var summary = ReadinessSummary.From(waived, tenant, environment);
                var changes = stored.Changes is { } delta ? AssessmentComparison.Refresh(delta, waived) : null;
                if (await rows.SaveCompletedAsync(waived, summary, state, hash, null, header.ReceivedAt ?? waived.AssessedAt, changes, cancellationToken).ConfigureAwait(false))
                {
                    await portfolio.SyncAsync(summary, cancellationToken).ConfigureAwait(false);
                }

                LogReapplied(logger, tenant.Value, environment.Value, snapshotId, latest.Readiness, summary.Readiness);
                if (summary.Readiness != latest.Readiness)
                {
                    // A waiver created, revoked or expired moved the readiness without a new snapshot: subscribers hear of it.
                    await notifications.ReadinessChangedAsync(tenant, environment, snapshotId, latest.Readiness, summary.Readiness, null, cancellationToken).ConfigureAwait(false);
                }

                return new ReadinessChange(tenant, environment, snapshotId, latest.Readiness, summary.Readiness, summary.Counts);
            }
            catch (ConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool SameResult(AssessmentResult a, AssessmentResult b) =>
        JsonSerializer.SerializeToUtf8Bytes(a, CoreJsonContext.Default.AssessmentResult).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, CoreJsonContext.Default.AssessmentResult));

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Waivers re-applied to {TenantId}/{EnvironmentId} (snapshot {SnapshotId}): {Before} -> {After}")]
    private static partial void LogReapplied(ILogger logger, string tenantId, string environmentId, Guid snapshotId, Readiness before, Readiness after);
}
