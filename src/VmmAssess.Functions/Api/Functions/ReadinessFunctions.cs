using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Queries;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>Readiness: of one environment (latest and history), of one tenant, and across the tenants the caller may
/// read (the portfolio).</summary>
public sealed class ReadinessFunctions(
    HttpEndpoint http, GetEnvironmentReadiness environmentReadiness, GetEnvironmentHistory history, GetTenantReadiness tenantReadiness, GetPortfolio portfolio, GetRuleCatalog rules, TimeProvider time)
{
    [Function("GetEnvironmentReadiness")]
    public Task<IResult> GetEnvironmentReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnvironmentReadiness)] HttpRequest req,
        string tenantId,
        string environmentId) =>
        http.OkAsync(
            req,
            Domain.Access.ReadTenant,
            b => (Tenant: b.Tenant(tenantId), Environment: b.Environment(environmentId)),
            async (a, ct) => ReadinessResponse.From(await environmentReadiness.ExecuteAsync(a.Tenant, a.Environment, ct).ConfigureAwait(false), time.GetUtcNow()),
            ApiJsonContext.Default.ReadinessResponse);

    [Function("GetEnvironmentHistory")]
    public Task<IResult> GetEnvironmentHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnvironmentHistory)] HttpRequest req,
        string tenantId,
        string environmentId) =>
        http.OkAsync(
            req,
            Domain.Access.ReadTenant,
            b => (Tenant: b.Tenant(tenantId), Environment: b.Environment(environmentId), PageSize: b.PageSize(), Token: b.ContinuationToken()),
            async (a, ct) =>
            {
                var page = await history.ExecuteAsync(a.Tenant, a.Environment, a.PageSize, a.Token, ct).ConfigureAwait(false);
                return new HistoryPageResponse(a.Tenant.Value, a.Environment.Value, ReadinessResponse.From(page.Items, time.GetUtcNow()), RequestBinder.EncodeContinuationToken(page.ContinuationToken));
            },
            ApiJsonContext.Default.HistoryPageResponse);

    [Function("GetTenantReadiness")]
    public Task<IResult> GetTenantReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TenantReadiness)] HttpRequest req,
        string tenantId) =>
        http.OkAsync(
            req,
            Domain.Access.ReadTenant,
            b => b.Tenant(tenantId),
            async (tenant, ct) => TenantReadinessResponse.From(await tenantReadiness.ExecuteAsync(tenant, ct).ConfigureAwait(false), time.GetUtcNow()),
            ApiJsonContext.Default.TenantReadinessResponse);

    [Function("GetPortfolio")]
    public Task<IResult> GetPortfolioAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portfolio)] HttpRequest req) =>
        http.OkAsync(
            req,
            Domain.Access.ReadPortfolio,
            b => (Filter: new PortfolioFilter(b.Readiness(), b.TargetVersion(), b.RuleId(rules.Catalog)), PageSize: b.PageSize(), Token: b.ContinuationToken(), b.Caller),
            async (a, ct) =>
            {
                var result = await portfolio.ExecuteAsync(a.Caller, a.Filter, a.PageSize, a.Token, ct).ConfigureAwait(false);
                return new PortfolioPageResponse(ReadinessTotalsResponse.From(result.Totals), ReadinessResponse.From(result.Page.Items, time.GetUtcNow()), RequestBinder.EncodeContinuationToken(result.Page.ContinuationToken));
            },
            ApiJsonContext.Default.PortfolioPageResponse);
}
