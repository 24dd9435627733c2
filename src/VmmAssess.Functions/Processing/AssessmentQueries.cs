using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Functions.Http;
using VmmAssess.Functions.Messaging;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Processing;

/// <summary>The read side of the API and the re-assessment commands; 404s are decided here.</summary>
public sealed class AssessmentQueries(AssessmentStore store, SnapshotSender queue, TimeProvider time)
{
    public RuleCatalog Catalog { get; } = AssessmentEvaluator.Default.Catalog;

    public async Task<AssessmentView> GetAssessmentAsync(string tenantId, Guid snapshotId, CancellationToken cancellationToken) =>
        await store.GetAssessmentAsync(tenantId, snapshotId, cancellationToken).ConfigureAwait(false)
        ?? throw ProblemException.NotFound($"Tenant '{tenantId}' has no assessment {snapshotId:D}.");

    public async Task<ReadinessSummary> GetEnvironmentReadinessAsync(string tenantId, string environmentId, CancellationToken cancellationToken) =>
        await store.GetLatestAsync(tenantId, environmentId, cancellationToken).ConfigureAwait(false)
        ?? throw ProblemException.NotFound($"Tenant '{tenantId}' has no completed assessment of environment '{environmentId}'.");

    public async Task<HistoryPage> GetHistoryAsync(string tenantId, string environmentId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await store.GetHistoryPageAsync(tenantId, environmentId, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
        if (page.Items.Count == 0 && continuationToken is null)
        {
            throw ProblemException.NotFound($"Tenant '{tenantId}' has no completed assessment of environment '{environmentId}'.");
        }

        return new HistoryPage(tenantId, environmentId, page.Items, RequestKeys.EncodeContinuationToken(page.ContinuationToken));
    }

    public async Task<TenantReadiness> GetTenantReadinessAsync(string tenantId, CancellationToken cancellationToken)
    {
        var items = await store.GetTenantReadinessAsync(tenantId, cancellationToken).ConfigureAwait(false)
                    ?? throw ProblemException.NotFound($"Tenant '{tenantId}' is not known.");
        int Count(Readiness r) => items.Count(i => i.Readiness == r);
        return new TenantReadiness(tenantId, new ReadinessTotals
        {
            Environments = items.Count,
            NotReady = Count(Readiness.NotReady),
            Unknown = Count(Readiness.Unknown),
            ReadyWithConditions = Count(Readiness.ReadyWithConditions),
            Ready = Count(Readiness.Ready),
        }, items);
    }

    public async Task<PortfolioPage> GetPortfolioAsync(PortfolioFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var pageTask = store.GetPortfolioPageAsync(filter, pageSize, continuationToken, cancellationToken);
        var totalsTask = store.GetPortfolioTotalsAsync(cancellationToken);
        await Task.WhenAll(pageTask, totalsTask).ConfigureAwait(false);
        var page = await pageTask.ConfigureAwait(false);
        return new PortfolioPage(await totalsTask.ConfigureAwait(false), page.Items, RequestKeys.EncodeContinuationToken(page.ContinuationToken));
    }

    public RuleCatalogResponse GetRules() => new(Catalog.RulePackVersion, Catalog.Descriptors);

    /// <summary>Queues a new assessment of a stored snapshot with the current rules.</summary>
    public async Task<SnapshotAccepted> RerunAsync(string tenantId, Guid snapshotId, CancellationToken cancellationToken)
    {
        var state = await store.LoadProcessingStateAsync(tenantId, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false);
        if (state.Header is not { } header)
        {
            throw ProblemException.NotFound($"Tenant '{tenantId}' has no assessment {snapshotId:D}.");
        }

        if (header.RawRows == 0)
        {
            throw ProblemException.Conflict($"The raw snapshot {snapshotId:D} is not stored, so it cannot be assessed again.");
        }

        await queue.SendRerunsAsync([new LatestSnapshotRef(tenantId, header.EnvironmentId ?? "", snapshotId)], time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new SnapshotAccepted(tenantId, snapshotId, header.EnvironmentId ?? "", header.Status, SnapshotIntake.StatusUrl(tenantId, snapshotId), Replayed: false);
    }

    /// <summary>Queues a new assessment of every environment's latest snapshot (of one tenant, or of all).</summary>
    public async Task<ReassessResponse> ReassessAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var latest = await store.ListLatestSnapshotsAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (tenantId is not null && latest.Count == 0 && await store.GetTenantReadinessAsync(tenantId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw ProblemException.NotFound($"Tenant '{tenantId}' is not known.");
        }

        await queue.SendRerunsAsync(latest, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new ReassessResponse(latest.Count);
    }
}
