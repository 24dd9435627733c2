using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>A portfolio page. <see cref="Totals"/> counts every environment of every tenant, independent of the filter.</summary>
public sealed record PortfolioPage(ReadinessTotals Totals, ResultPage<ReadinessSummary> Page);

public sealed class GetPortfolio(PortfolioProjection portfolio)
{
    public async Task<PortfolioPage> ExecuteAsync(PortfolioFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var pageTask = portfolio.GetPageAsync(filter, pageSize, continuationToken, cancellationToken);
        var totalsTask = portfolio.GetTotalsAsync(cancellationToken);
        await Task.WhenAll(pageTask, totalsTask).ConfigureAwait(false);
        return new PortfolioPage(await totalsTask.ConfigureAwait(false), await pageTask.ConfigureAwait(false));
    }
}
