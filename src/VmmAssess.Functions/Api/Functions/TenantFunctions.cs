using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Queries;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>One tenant (customer): every environment's latest readiness and the totals.</summary>
public sealed class TenantFunctions(HttpEndpoint http, GetTenantReadiness readiness)
{
    [Function("GetTenantReadiness")]
    public Task<IResult> GetTenantReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.TenantReadiness)] HttpRequest req,
        string tenantId) =>
        http.OkAsync(
            req,
            b => b.Tenant(tenantId),
            async (tenant, ct) => TenantReadinessResponse.From(await readiness.ExecuteAsync(tenant, ct).ConfigureAwait(false)),
            ApiJsonContext.Default.TenantReadinessResponse);
}
