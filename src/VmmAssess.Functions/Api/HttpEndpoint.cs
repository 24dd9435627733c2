using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace VmmAssess.Functions.Api;

/// <summary>
/// The shared shape of every HTTP function: bind the request (400 listing every problem, before any storage call),
/// run the use case, write the mapped answer. Exceptions become problem details in <see cref="ApiProblems"/>.
/// </summary>
public sealed class HttpEndpoint(TenantAccess tenants)
{
    public async Task<IResult> OkAsync<TArgs, TResponse>(HttpRequest request, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, JsonTypeInfo<TResponse> json)
    {
        ArgumentNullException.ThrowIfNull(run);
        var args = Bind(request, bind);
        return ApiResults.Ok(await run(args, request.HttpContext.RequestAborted).ConfigureAwait(false), json);
    }

    public async Task<IResult> AcceptedAsync<TArgs, TResponse>(HttpRequest request, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, Func<TResponse, string> location, JsonTypeInfo<TResponse> json)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(location);
        var args = Bind(request, bind);
        var response = await run(args, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return ApiResults.Accepted(location(response), response, json);
    }

    /// <summary>204: the use case's answer is only that it is done (deletions).</summary>
    public async Task<IResult> NoContentAsync<TArgs, TResponse>(HttpRequest request, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var args = Bind(request, bind);
        await run(args, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private TArgs Bind<TArgs>(HttpRequest request, Func<RequestBinder, TArgs> bind)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bind);
        var binder = new RequestBinder(request, tenants);
        var args = bind(binder);
        binder.ThrowIfInvalid();
        return args;
    }
}
