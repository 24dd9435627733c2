using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmmAssess.Functions.Api;

namespace VmmAssess.LocalBackend;

/// <summary>
/// Every <c>httpTrigger</c> of functions.metadata becomes a Kestrel endpoint with the function's route (host.json's
/// <c>routePrefix</c> is empty, so the route is the path) and methods. The request runs through the app's own
/// problem-details handling (<see cref="ProblemDetailsMiddleware"/>), as the worker middleware runs it in Azure.
/// </summary>
internal static class HttpFunctions
{
    public static void Map(WebApplication app, IEnumerable<FunctionInvoker> functions)
    {
        foreach (var function in functions)
        {
            var route = "/" + (function.Entry.Text("route") ?? function.Entry.Name);
            app.MapMethods(route, function.Entry.Methods, context => InvokeAsync(function, context)).WithDisplayName(function.Entry.Name);
        }
    }

    /// <summary>What the host would refuse or mishandle, found before anything listens.</summary>
    public static IEnumerable<string> Problems(FunctionInvoker function)
    {
        if (!function.ProducesHttpResult)
        {
            yield return $"{function.Entry.Name} returns {function.ReturnType.Name}; the local backend serves functions that return an ASP.NET Core IResult (as every HTTP function of the app does).";
        }

        foreach (var parameter in function.NamedParameters)
        {
            var route = function.Entry.Text("route") ?? "";
            if (!Regex.IsMatch(route, @"\{\*{0,2}" + Regex.Escape(parameter.Name!) + @"[:?=}]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                yield return $"{function.Entry.Name}: parameter '{parameter.Name}' is not a route value of '{route}', and the local backend binds nothing else.";
            }
        }

        foreach (var binding in function.Entry.OtherBindings)
        {
            var type = binding.GetProperty("type").GetString();
            if (type != "http")
            {
                yield return $"{function.Entry.Name}: the local backend does not support '{type}' bindings.";
            }
        }
    }

    private static async Task InvokeAsync(FunctionInvoker function, HttpContext context)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("VmmAssess.LocalBackend." + function.Entry.Name);
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        var routeValues = context.GetRouteData().Values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        await ProblemDetailsMiddleware.HandleAsync(context, async () =>
        {
            var result = (IResult?)await function.InvokeAsync(scope.ServiceProvider, context.Request, routeValues, context.RequestAborted, context).ConfigureAwait(false)
                         ?? throw new InvalidOperationException($"{function.Entry.Name} returned no result.");
            await result.ExecuteAsync(context).ConfigureAwait(false);
        }, logger).ConfigureAwait(false);
    }
}
