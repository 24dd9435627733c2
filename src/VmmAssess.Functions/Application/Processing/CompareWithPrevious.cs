using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Processing;

/// <summary>
/// Compares a completed assessment with its environment's previous completed assessment: the latest collected strictly
/// before it (Core's <see cref="AssessmentComparison.PreviousOf"/> rule, applied to the stored history). When the new
/// assessment is the environment's newest, the previous one is the stored latest (known from the processing read); a
/// late-arriving older snapshot or a rerun finds its predecessor with one history query. One more query loads it.
/// </summary>
public sealed class CompareWithPrevious(AssessmentReads reads)
{
    public async Task<AssessmentDelta> ExecuteAsync(TenantId tenant, EnvironmentId environment, AssessmentResult current, ReadinessSummary? latest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        Guid? previousId = latest switch
        {
            null => null,
            _ when latest.SnapshotId != current.SnapshotId && latest.CollectedAt < current.CollectedAt => latest.SnapshotId,
            _ => await reads.FindPreviousSnapshotAsync(tenant, environment, current.CollectedAt, cancellationToken).ConfigureAwait(false),
        };

        var previous = previousId is { } id ? (await reads.GetAssessmentAsync(tenant, id, cancellationToken).ConfigureAwait(false))?.Result : null;
        return AssessmentComparison.Compare(previous, current);
    }
}
