using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VmmAssess.Functions.Api.Security;

namespace VmmAssess.LocalBackend;

/// <summary>
/// <c>POST /admin/functions/{name}</c>: runs a timer function now and answers what it returned, as the Functions host's
/// admin endpoint runs a non-HTTP function (there with the master key, here with the local operator's credential: a
/// bearer token or the browser's sign-in cookie). 401 without a valid credential, 403 for any other caller, 404 for a
/// name that is not a timer function.
/// </summary>
internal static class LocalAdmin
{
    public const string RunFunctionRoute = "/admin/functions/{name}";

    public static void MapRunFunction(WebApplication app, TimerFunctions timers) =>
        app.MapPost(RunFunctionRoute, async (HttpContext context, string name) =>
        {
            Functions.Domain.Caller caller;
            try
            {
                caller = await context.RequestServices.GetRequiredService<CallerAuthenticator>().AuthenticateAsync(context.Request).ConfigureAwait(false);
            }
            catch (AuthenticationRequiredException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required");
            }

            if (!caller.Has(Functions.Domain.Role.Operator))
            {
                return Results.Problem("Running a function is for operators (VmmAssess.Operator).", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
            }

            var (found, result) = await timers.RunAsync(name, context.RequestAborted).ConfigureAwait(false);
            return found
                ? Results.Ok(new RunResult(name, result?.ToString(), timers.NextRun(name)))
                : Results.Problem($"'{name}' is not a timer function of this app; timers: {string.Join(", ", timers.Names.Order(StringComparer.Ordinal))}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        });

    /// <summary>The function that ran, what it returned (e.g. rows removed, snapshots re-sent) and its next scheduled run.</summary>
    internal sealed record RunResult(string Function, string? Result, DateTimeOffset? NextRun);
}
