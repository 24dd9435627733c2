using Microsoft.Extensions.Options;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>Retention: raw snapshots and rejected payloads older than <c>Assessment__RetentionDays</c> are removed;
/// summaries, findings and history stay. Returns the number of rows deleted.</summary>
public sealed class ApplyRetention(LifecycleRows lifecycle, IOptions<AssessmentOptions> options, TimeProvider time)
{
    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        lifecycle.ApplyRetentionAsync(time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays), cancellationToken);
}
