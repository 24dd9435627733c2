using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Queries;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>One environment of a tenant: its latest readiness and its history.</summary>
public sealed class EnvironmentFunctions(HttpEndpoint http, GetEnvironmentReadiness readiness, GetEnvironmentHistory history)
{
    [Function("GetEnvironmentReadiness")]
    public Task<IResult> GetEnvironmentReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.EnvironmentReadiness)] HttpRequest req,
        string tenantId,
        string environmentId) =>
        http.OkAsync(
            req,
            b => (Tenant: b.Tenant(tenantId), Environment: b.Environment(environmentId)),
            async (a, ct) => ReadinessResponse.From(await readiness.ExecuteAsync(a.Tenant, a.Environment, ct).ConfigureAwait(false)),
            ApiJsonContext.Default.ReadinessResponse);

    [Function("GetEnvironmentHistory")]
    public Task<IResult> GetEnvironmentHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.EnvironmentHistory)] HttpRequest req,
        string tenantId,
        string environmentId) =>
        http.OkAsync(
            req,
            b => (Tenant: b.Tenant(tenantId), Environment: b.Environment(environmentId), PageSize: b.PageSize(), Token: b.ContinuationToken()),
            async (a, ct) =>
            {
                var page = await history.ExecuteAsync(a.Tenant, a.Environment, a.PageSize, a.Token, ct).ConfigureAwait(false);
                return new HistoryPageResponse(a.Tenant.Value, a.Environment.Value, ReadinessResponse.From(page.Items), RequestBinder.EncodeContinuationToken(page.ContinuationToken));
            },
            ApiJsonContext.Default.HistoryPageResponse);
}
