using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace VmmAssess.Functions.Api;

/// <summary>
/// Worker middleware: an exception escaping an HTTP function becomes problem details through <see cref="ApiProblems"/>.
/// Exceptions of other triggers are rethrown (Service Bus must see them to redeliver and dead-letter).
/// </summary>
internal sealed class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var httpContext = context.GetHttpContext();
        if (httpContext is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await HandleAsync(httpContext, () => next(context), logger).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="invoke"/> and writes problem details for whatever it throws.</summary>
    internal static async Task HandleAsync(HttpContext httpContext, Func<Task> invoke, ILogger logger)
    {
        try
        {
            await invoke().ConfigureAwait(false);
        }
        catch (Exception ex) when (!httpContext.Response.HasStarted)
        {
            httpContext.Response.Clear();
            await ApiProblems.FromException(ex, logger).ExecuteAsync(httpContext).ConfigureAwait(false);
        }
    }
}
