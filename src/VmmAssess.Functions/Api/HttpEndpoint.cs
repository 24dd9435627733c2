using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Security;
using VmmAssess.Functions.Application.Access;

namespace VmmAssess.Functions.Api;

/// <summary>
/// The shared shape of every HTTP function: authenticate the caller (401), bind the request (400 listing every problem,
/// before any storage call), authorize the caller for the operation and the bound tenant (403, decided before any tenant
/// data is read), run the use case in a log scope naming the principal, write the mapped answer, and audit every write
/// and administrative action. Exceptions become problem details in <see cref="ApiProblems"/>.
/// </summary>
public sealed partial class HttpEndpoint(CallerAuthenticator authenticator, AccessPolicy policy, AuditLog audit, TimeProvider time, ILogger<HttpEndpoint> logger)
{
    public Task<IResult> OkAsync<TArgs, TResponse>(HttpRequest request, Domain.Access access, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, JsonTypeInfo<TResponse> json) =>
        RunAsync(request, access, bind, run, response => ApiResults.Ok(response, json));

    public Task<IResult> AcceptedAsync<TArgs, TResponse>(HttpRequest request, Domain.Access access, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, Func<TResponse, string> location, JsonTypeInfo<TResponse> json) =>
        RunAsync(request, access, bind, run, response => ApiResults.Accepted(location(response), response, json));

    /// <summary>A create: the answer is 201 with the new resource's address, and the audit entry's target is the new
    /// resource's id (the address's last segment), as a later revoke or delete of it names it.</summary>
    public Task<IResult> CreatedAsync<TArgs, TResponse>(HttpRequest request, Domain.Access access, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, Func<TResponse, string> location, JsonTypeInfo<TResponse> json) =>
        RunAsync(request, access, bind, run, (response, binder) =>
        {
            var address = location(response);
            binder.Target ??= Uri.UnescapeDataString(address[(address.LastIndexOf('/') + 1)..]);
            return ApiResults.Created(address, response, json);
        });

    /// <summary>A fixed answer (a document) behind the same authentication and authorization.</summary>
    public Task<IResult> ResultAsync(HttpRequest request, Domain.Access access, Func<IResult> result) =>
        RunAsync(request, access, _ => true, (_, _) => Task.FromResult(true), _ => result());

    public Task<IResult> NoContentAsync<TArgs>(HttpRequest request, Domain.Access access, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task> run) =>
        RunAsync(request, access, bind, async (args, ct) =>
        {
            await run(args, ct).ConfigureAwait(false);
            return true;
        }, _ => ApiResults.NoContent());

    private Task<IResult> RunAsync<TArgs, TResponse>(HttpRequest request, Domain.Access access, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, Func<TResponse, IResult> answer) =>
        RunAsync(request, access, bind, run, (response, _) => answer(response));

    private async Task<IResult> RunAsync<TArgs, TResponse>(HttpRequest request, Domain.Access access, Func<RequestBinder, TArgs> bind, Func<TArgs, CancellationToken, Task<TResponse>> run, Func<TResponse, RequestBinder, IResult> answer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(run);
        var cancellationToken = request.HttpContext.RequestAborted;
        var caller = await authenticator.AuthenticateAsync(request).ConfigureAwait(false);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["PrincipalId"] = caller.PrincipalId, ["PrincipalKind"] = caller.Kind.ToString() });
        var binder = new RequestBinder(request, caller);
        var writes = access == Domain.Access.Operate || !HttpMethods.IsGet(request.Method);
        var audited = false;
        var status = 500;
        try
        {
            var args = bind(binder);
            binder.ThrowIfInvalid();

            // A request that names nothing valid is answered before any storage call, the audit write included.
            audited = writes;
            await policy.AuthorizeAsync(caller, access, binder.BoundTenant, cancellationToken).ConfigureAwait(false);
            var result = answer(await run(args, cancellationToken).ConfigureAwait(false), binder);
            status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
            return result;
        }
        catch (Exception ex)
        {
            status = ApiProblems.StatusOf(ex);
            throw;
        }
        finally
        {
            if (audited)
            {
                var entry = new AuditEntry(time.GetUtcNow(), caller.PrincipalId, caller.Kind, caller.Collector?.KeyId, $"{request.Method} {request.Path}", binder.BoundTenant?.Value, binder.Target, status);
                try
                {
                    await audit.RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Azure.RequestFailedException ex)
                {
                    // Storage being down must not also take the operator's diagnostics (dead letters) away: the entry goes
                    // to the log (Application Insights) instead, in full.
                    LogAuditNotStored(logger, entry.PrincipalId, entry.Action, entry.TenantId, entry.Status, ex);
                }
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Audit entry not stored (storage failed): principal {PrincipalId}, {Action}, tenant {TenantId}, status {Status}")]
    private static partial void LogAuditNotStored(ILogger logger, string principalId, string action, string? tenantId, int status, Exception exception);
}
