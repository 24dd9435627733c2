using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace VmmAssess.LocalBackend;

/// <summary>
/// Every <c>timerTrigger</c> of functions.metadata, run on its NCRONTAB schedule (six fields, seconds first, in UTC, as
/// the Functions host reads it) from the backend's start, one run at a time per function, with a <see cref="TimerInfo"/>
/// as the host passes it; and on demand (<see cref="RunAsync"/>, behind <c>POST /admin/functions/{name}</c>, the Functions
/// host's own way to run a non-HTTP function now), so nobody waits for 02:30 to see retention work. A run that throws is
/// logged and the schedule goes on, as on the host.
/// </summary>
internal sealed partial class TimerFunctions(IServiceProvider services, TimeProvider time, ILogger<TimerFunctions> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, Timer> timers = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private bool disposed;

    private sealed record Timer(FunctionInvoker Function, CrontabSchedule Schedule, SemaphoreSlim Gate)
    {
        public DateTime? Last { get; set; }
    }

    public static IEnumerable<string> Problems(FunctionInvoker function)
    {
        if (Parse(function.Entry.Text("schedule")) is null)
        {
            yield return $"{function.Entry.Name}: the schedule '{function.Entry.Text("schedule")}' is not a six-field NCRONTAB expression (an app setting %Name% is not resolved here).";
        }

        if (function.TriggerParameterType != typeof(TimerInfo))
        {
            yield return $"{function.Entry.Name}: the trigger parameter must be a TimerInfo, not {function.TriggerParameterType}.";
        }

        foreach (var named in function.NamedParameters)
        {
            yield return $"{function.Entry.Name}: parameter '{named.Name}' is not bound by the local backend (it binds the TimerInfo, a FunctionContext and a CancellationToken).";
        }

        foreach (var binding in function.Entry.OtherBindings)
        {
            yield return $"{function.Entry.Name}: the local backend does not support '{binding.GetProperty("type").GetString()}' bindings.";
        }
    }

    private static CrontabSchedule? Parse(string? schedule) =>
        schedule is null ? null : CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public IReadOnlyCollection<string> Names => timers.Keys;

    public void Start(IEnumerable<FunctionInvoker> functions)
    {
        foreach (var function in functions)
        {
            timers[function.Entry.Name] = new Timer(function, Parse(function.Entry.Text("schedule"))!, new SemaphoreSlim(1, 1));
            loops.Add(LoopAsync(function.Entry.Name));
        }
    }

    /// <summary>When <paramref name="name"/> runs next on its schedule; null for a name that is not a timer.</summary>
    public DateTimeOffset? NextRun(string name) =>
        timers.TryGetValue(name, out var timer) ? new DateTimeOffset(timer.Schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime), TimeSpan.Zero) : null;

    /// <summary>Runs the timer function <paramref name="name"/> now (after a run in progress, if any) and returns what
    /// it returned; false in <c>Found</c> when there is no such timer.</summary>
    public async Task<(bool Found, object? Result)> RunAsync(string name, CancellationToken cancellationToken)
    {
        if (!timers.TryGetValue(name, out var timer))
        {
            return (false, null);
        }

        await timer.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var info = new TimerInfo
            {
                IsPastDue = false,
                ScheduleStatus = new ScheduleStatus { Last = timer.Last ?? default, Next = timer.Schedule.GetNextOccurrence(now), LastUpdated = now },
            };
            await using var scope = services.CreateAsyncScope();
            var result = await timer.Function.InvokeAsync(scope.ServiceProvider, info, new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false);
            timer.Last = now;
            return (true, result);
        }
        finally
        {
            timer.Gate.Release();
        }
    }

    private async Task LoopAsync(string name)
    {
        while (!stopping.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            try
            {
                await Task.Delay(NextRun(name)!.Value - now, time, stopping.Token).ConfigureAwait(false);
                var (_, result) = await RunAsync(name, stopping.Token).ConfigureAwait(false);
                LogRan(logger, name, result);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // As on the Functions host: a failed run is logged and the next one is scheduled.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, name, ex);
            }
        }
    }

    /// <summary>Stops the schedules and waits for runs in progress; called before the app's services are disposed, and
    /// again (doing nothing) at the end of the host's scope.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        stopping.Dispose();
        foreach (var timer in timers.Values)
        {
            timer.Gate.Dispose();
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Timer {Function} ran on schedule: {Result}")]
    private static partial void LogRan(ILogger logger, string function, object? result);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Timer {Function} failed; it runs again on its schedule")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
