using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Queries;
using VmmAssess.Functions.Domain;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>Readiness across every tenant, filtered and paged.</summary>
public sealed class PortfolioFunctions(HttpEndpoint http, GetPortfolio portfolio, GetRuleCatalog rules)
{
    [Function("GetPortfolio")]
    public Task<IResult> GetPortfolioAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Portfolio)] HttpRequest req) =>
        http.OkAsync(
            req,
            b => (Filter: new PortfolioFilter(b.Readiness(), b.TargetVersion(), b.RuleId(rules.Catalog)), PageSize: b.PageSize(), Token: b.ContinuationToken()),
            async (a, ct) =>
            {
                var result = await portfolio.ExecuteAsync(a.Filter, a.PageSize, a.Token, ct).ConfigureAwait(false);
                return new PortfolioPageResponse(ReadinessTotalsResponse.From(result.Totals), ReadinessResponse.From(result.Page.Items), RequestBinder.EncodeContinuationToken(result.Page.ContinuationToken));
            },
            ApiJsonContext.Default.PortfolioPageResponse);
}
