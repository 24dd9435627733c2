using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>A tenant's waivers, one page at a time (live ones unless inactive ones are asked for).</summary>
public sealed class ListWaivers(WaiverRows waivers, TimeProvider time)
{
    public Task<ResultPage<WaiverRecord>> ExecuteAsync(TenantId tenant, WaiverFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        waivers.PageAsync(tenant, filter, time.GetUtcNow(), pageSize, continuationToken, cancellationToken);
}
