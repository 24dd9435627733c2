using VmmAssess.Functions.Application.Access;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Queries;

/// <summary>A portfolio page. <see cref="Totals"/> counts every environment the caller may see, independent of the filter.</summary>
public sealed record PortfolioPage(ReadinessTotals Totals, ResultPage<ReadinessSummary> Page);

/// <summary>
/// Readiness across tenants: every tenant for operators and portfolio readers (the projection, one range read), the
/// granted tenants for a tenant reader (their partitions, filtered and paged here), so no other tenant's row or count
/// reaches the answer.
/// </summary>
public sealed class GetPortfolio(PortfolioProjection portfolio, AssessmentReads reads, AccessPolicy policy)
{
    public async Task<PortfolioPage> ExecuteAsync(Caller caller, PortfolioFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await policy.PortfolioScopeAsync(caller, cancellationToken).ConfigureAwait(false) is { } tenants)
        {
            return await ScopedAsync(tenants, filter, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
        }

        var pageTask = portfolio.GetPageAsync(filter, pageSize, continuationToken, cancellationToken);
        var totalsTask = portfolio.GetTotalsAsync(cancellationToken);
        await Task.WhenAll(pageTask, totalsTask).ConfigureAwait(false);
        return new PortfolioPage(await totalsTask.ConfigureAwait(false), await pageTask.ConfigureAwait(false));
    }

    /// <summary>Continuation tokens here are "{tenant} {environment}" of the last row returned, in the shape of a storage token.</summary>
    private async Task<PortfolioPage> ScopedAsync(IReadOnlySet<TenantId> tenants, PortfolioFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var environments = new List<ReadinessSummary>();
        foreach (var tenant in tenants.OrderBy(t => t.Value, StringComparer.Ordinal))
        {
            environments.AddRange(await reads.GetTenantReadinessAsync(tenant, cancellationToken).ConfigureAwait(false) ?? []);
        }

        var totals = ReadinessTotals.Count(r => environments.Count(e => e.Readiness == r));
        var matching = environments
            .Where(e => filter.Readiness is not { } r || e.Readiness == r)
            .Where(e => filter.TargetVersion is not { } v || e.TargetVersion == v)
            .Where(e => filter.RuleId is not { } rule || e.FailingRuleIds.Contains(rule.Value, StringComparer.Ordinal))
            .Select(e => (Key: $"{e.TenantId.Value} {e.EnvironmentId.Value}", Row: e))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .SkipWhile(e => continuationToken is not null && string.CompareOrdinal(e.Key, continuationToken) <= 0)
            .ToList();
        var page = matching.Take(pageSize).ToList();
        var next = matching.Count > pageSize ? page[^1].Key : null;
        return new PortfolioPage(totals, new ResultPage<ReadinessSummary>(page.Select(e => e.Row).ToArray(), next));
    }
}
