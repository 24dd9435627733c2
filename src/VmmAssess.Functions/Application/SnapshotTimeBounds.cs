namespace VmmAssess.Functions.Application;

/// <summary>
/// The time-bound rule (docs/architecture.md, "Data lifecycle"): a snapshot's <c>collectedAt</c> may not lie after the
/// time it was received (webhook) or enqueued (queue) plus <c>Assessment__CollectedAtMaxSkewMinutes</c>, nor before
/// <see cref="Floor"/>. A future date would otherwise become an environment's latest readiness for good.
/// </summary>
public static class SnapshotTimeBounds
{
    /// <summary>Before System Center VMM existed: no genuine snapshot is older.</summary>
    public static readonly DateTimeOffset Floor = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ValidationError? Check(DateTimeOffset collectedAt, DateTimeOffset receivedAt, TimeSpan maxSkew)
    {
        var latest = receivedAt + maxSkew;
        if (collectedAt > latest)
        {
            return new ValidationError("$.collectedAt",
                $"{collectedAt:O} is later than the receive time {receivedAt.ToUniversalTime():O} plus the allowed clock skew of {maxSkew.TotalMinutes:0} minutes ({latest.ToUniversalTime():O}); check the collector's clock");
        }

        return collectedAt < Floor
            ? new ValidationError("$.collectedAt", $"{collectedAt:O} is earlier than {Floor:O}")
            : null;
    }
}
