using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Waivers;

/// <summary>One waiver of a tenant, whatever its state.</summary>
public sealed class GetWaiver(WaiverRows waivers)
{
    public async Task<WaiverRecord> ExecuteAsync(TenantId tenant, string waiverId, CancellationToken cancellationToken) =>
        await waivers.GetAsync(tenant, waiverId, cancellationToken).ConfigureAwait(false) ?? throw NotFound(tenant, waiverId);

    internal static NotFoundException NotFound(TenantId tenant, string waiverId) => new($"Tenant '{tenant}' has no waiver '{waiverId}'.");
}
