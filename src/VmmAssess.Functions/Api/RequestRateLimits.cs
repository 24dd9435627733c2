using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace VmmAssess.Functions.Api;

/// <summary>
/// Per-caller request rates (<see cref="CallerKey"/>): snapshot submissions and reruns, each a fixed one-minute window
/// (<c>Assessment__SubmissionsPerMinute</c>, <c>Assessment__RerunsPerMinute</c>). Above it the edge answers 429 with
/// <c>Retry-After</c> before any storage call. Counted per instance (in memory): with N instances a caller may reach N
/// times the limit, which still bounds a flood; the per-instance HTTP concurrency in infra/main.bicep bounds the rest.
/// </summary>
public sealed class RequestRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> submissions;
    private readonly PartitionedRateLimiter<string> reruns;

    public RequestRateLimits(IOptions<AssessmentOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        submissions = PerMinute(options.Value.SubmissionsPerMinute);
        reruns = PerMinute(options.Value.RerunsPerMinute);
        _ = time;
    }

    public void Submission(HttpRequest request) => Acquire(submissions, request, "snapshot submissions");

    public void Rerun(HttpRequest request) => Acquire(reruns, request, "reruns");

    public void Dispose()
    {
        submissions.Dispose();
        reruns.Dispose();
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static void Acquire(PartitionedRateLimiter<string> limiter, HttpRequest request, string what)
    {
        using var lease = limiter.AttemptAcquire(CallerKey.Of(request));
        if (lease.IsAcquired)
        {
            return;
        }

        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        seconds = Math.Max(1, seconds);
        throw new TooManyRequestsException($"Too many {what} from this caller; retry after {seconds.ToString(CultureInfo.InvariantCulture)} seconds.", seconds);
    }
}
